package io.jivohub.tables;

import tools.jackson.databind.JsonNode;

/**
 * What a chat's transcript ({@code chat.messages} of {@code chat_finished}) says about the chat. Times are Unix
 * seconds; a message without one is counted but timed by nothing. Immutable.
 *
 * @param firstMillis          the first message's time, epoch milliseconds, or null
 * @param durationSeconds      from the first message to the last, or null without timed messages
 * @param firstResponseSeconds from the first visitor message to the first agent message after it, or null
 * @param visitorMessages      messages of {@code type} visitor
 * @param agentMessages        messages of {@code type} agent
 * @param missed               whether the visitor wrote and no agent answered; null without messages
 */
record Transcript(Long firstMillis, Long durationSeconds, Long firstResponseSeconds, int visitorMessages,
                  int agentMessages, Boolean missed) {

    static Transcript of(JsonNode messages) {
        Long first = null;
        Long last = null;
        Long firstVisitor = null;
        Long firstResponse = null;
        boolean answered = false;
        boolean visitorWrote = false;
        int visitor = 0;
        int agent = 0;
        for (JsonNode message : messages) {
            Long at = JivoEvent.number(message, "timestamp");
            if (at != null) {
                first = first == null ? at : Math.min(first, at);
                last = last == null ? at : Math.max(last, at);
            }
            String type = JivoEvent.text(message, "type");
            if ("visitor".equals(type)) {
                visitor++;
                if (!visitorWrote) {
                    visitorWrote = true;
                    firstVisitor = at;
                }
            } else if ("agent".equals(type)) {
                agent++;
                if (visitorWrote && !answered) {
                    answered = true;
                    firstResponse = firstVisitor != null && at != null ? Math.max(0, at - firstVisitor) : null;
                }
            }
        }
        return new Transcript(first == null ? null : first * 1000, first == null ? null : last - first,
                firstResponse, visitor, agent, messages.isEmpty() ? null : visitorWrote && !answered);
    }
}
