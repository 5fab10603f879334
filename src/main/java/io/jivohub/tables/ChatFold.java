package io.jivohub.tables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Chats and their messages, from {@code chat_accepted}, {@code chat_updated}, {@code chat_assigned},
 * {@code chat_finished} and the {@code call_event}s of a chat, keyed by ({@code widget_id}, {@code chat_id}).
 *
 * <p>Moments take the earliest event ({@code accepted_at}) or the latest ({@code finished_at}); everything about
 * the visitor, and the department, topic, tags and CRM link, the latest non-empty value. The transcript is the
 * latest {@code chat_finished}'s: it gives the message counts and times, and the {@code messages} rows, which a
 * later {@code chat_finished} replaces (rows past its last message become tombstones). Who handled the chat is
 * the agent who accepted it, else the first of the transcript's agents.
 */
final class ChatFold implements Fold {
    private static final Set<String> TYPES =
            Set.of("chat_accepted", "chat_updated", "chat_assigned", "chat_finished", "call_event");
    /** How many messages the current transcript has: the rows a shorter one must remove. */
    private static final String TRANSCRIPT_MESSAGES = "_transcript_messages";
    private static final String TRANSCRIPT_START = "_transcript_start";
    private static final String ACCEPTED_BY_ID = "_accepted_by_id";
    private static final String ACCEPTED_BY_NAME = "_accepted_by_name";
    private static final String FIRST_AGENT_ID = "_first_agent_id";
    private static final String FIRST_AGENT_NAME = "_first_agent_name";

    @Override
    public List<Target> targets(JivoEvent event) {
        List<String> chat = chatKey(event);
        if (chat == null) {
            return List.of();
        }
        List<Target> targets = new ArrayList<>(List.of(new Target(Dataset.CHATS, chat)));
        if (event.name().equals("chat_finished")) {
            JsonNode messages = event.at("chat", "messages");
            for (int seq = 1; seq <= messages.size(); seq++) {
                targets.add(new Target(Dataset.MESSAGES, messageKey(chat, seq)));
            }
        }
        return targets;
    }

    @Override
    public void fold(JivoEvent event, Rows rows) {
        List<String> key = chatKey(event);
        if (key == null) {
            return;
        }
        RowState chat = rows.get(Dataset.CHATS, key);
        chat.set("widget_id", key.get(0));
        chat.set("chat_id", key.get(1));
        chat.increment("events");
        chat.latestMoment("last_event_at", event.receivedAt());
        Contact.fold(event, chat);
        chat.latest("department", event.text("department", "name"));
        chat.latest("topic", event.text("topic", "title"));
        chat.latest("crm_link", event.text("crm_link"));
        chat.latest("tags", joined(event.at("tags"), "title"));
        switch (event.name()) {
            case "chat_accepted" -> {
                chat.earliest("accepted_at", event.receivedAt());
                if (!chat.has(ACCEPTED_BY_ID) && !chat.has(ACCEPTED_BY_NAME)) {
                    chat.set(ACCEPTED_BY_ID, event.text("agent", "id"));
                    chat.set(ACCEPTED_BY_NAME, event.text("agent", "name"));
                }
            }
            case "chat_assigned" -> chat.latest("crm_link", event.text("assign_to"));
            case "chat_finished" -> finished(event, key, chat, rows);
            case "call_event" -> chat.set("calls", 1L);
            default -> {
            }
        }
        settle(chat);
    }

    /** What a transcript tells: the chat's messages, their counts and times, its agents and its rating. */
    private static void finished(JivoEvent event, List<String> key, RowState chat, Rows rows) {
        chat.latestMoment("finished_at", event.receivedAt());
        chat.set("rate", event.text("chat", "rate"));
        chat.set("blacklisted", JivoEvent.bool(event.body(), "chat", "blacklisted"));
        chat.set("invitation", event.text("chat", "invitation"));
        JsonNode agents = event.at("agents");
        chat.set("agents", joined(agents, "name"));
        chat.set(FIRST_AGENT_ID, agents.isArray() && !agents.isEmpty() ? JivoEvent.text(agents.get(0), "id") : null);
        chat.set(FIRST_AGENT_NAME, agents.isArray() && !agents.isEmpty() ? JivoEvent.text(agents.get(0), "name")
                : null);

        JsonNode messages = event.at("chat", "messages");
        Transcript transcript = Transcript.of(messages);
        chat.set(TRANSCRIPT_START, transcript.firstMillis());
        chat.set("duration_s", transcript.durationSeconds());
        chat.set("first_response_s", transcript.firstResponseSeconds());
        chat.set("visitor_messages", (long) transcript.visitorMessages());
        chat.set("agent_messages", (long) transcript.agentMessages());
        chat.set("missed", transcript.missed());

        int seq = 0;
        for (JsonNode message : messages) {
            seq++;
            RowState row = rows.get(Dataset.MESSAGES, messageKey(key, seq));
            row.set("widget_id", key.get(0));
            row.set("chat_id", key.get(1));
            row.set("seq", (long) seq);
            Long timestamp = JivoEvent.number(message, "timestamp");
            row.set("sent_at", timestamp == null ? null : timestamp * 1000);
            row.set("side", JivoEvent.text(message, "type"));
            String agentId = JivoEvent.text(message, "agent_id");
            row.set("agent_id", agentId);
            row.set("agent_name", agentName(agents, agentId));
            row.set("text", JivoEvent.text(message, "message"));
        }
        Long before = chat.number(TRANSCRIPT_MESSAGES);
        for (long gone = seq + 1; before != null && gone <= before; gone++) {
            rows.remove(Dataset.MESSAGES, messageKey(key, (int) gone));
        }
        chat.set(TRANSCRIPT_MESSAGES, (long) seq);
    }

    /** The columns that follow from others, whichever event came last. */
    private static void settle(RowState chat) {
        boolean accepted = chat.has(ACCEPTED_BY_ID) || chat.has(ACCEPTED_BY_NAME);
        chat.set("agent_id", chat.text(accepted ? ACCEPTED_BY_ID : FIRST_AGENT_ID));
        chat.set("agent_name", chat.text(accepted ? ACCEPTED_BY_NAME : FIRST_AGENT_NAME));
        chat.set("started_at", chat.has(TRANSCRIPT_START) ? chat.number(TRANSCRIPT_START) : chat.number("accepted_at"));
        if (chat.text("agents") == null && chat.text(ACCEPTED_BY_NAME) != null) {
            chat.set("agents", chat.text(ACCEPTED_BY_NAME));
        }
    }

    /** The chat's key, or null for an event of no chat (none of these types, or without a chat_id). */
    static List<String> chatKey(JivoEvent event) {
        String chatId = event.text("chat_id");
        if (!TYPES.contains(event.name()) || chatId == null) {
            return null;
        }
        String widget = event.text("widget_id");
        return List.of(widget == null ? "" : widget, chatId);
    }

    private static List<String> messageKey(List<String> chat, int seq) {
        return List.of(chat.get(0), chat.get(1), String.valueOf(seq));
    }

    private static String agentName(JsonNode agents, String agentId) {
        if (agentId == null) {
            return null;
        }
        for (JsonNode agent : agents) {
            if (agentId.equals(JivoEvent.text(agent, "id"))) {
                return JivoEvent.text(agent, "name");
            }
        }
        return null;
    }

    /** The distinct {@code field}s of an array of objects, joined by commas; null when there are none. */
    private static String joined(JsonNode array, String field) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : array) {
            String value = JivoEvent.text(item, field);
            if (value != null) {
                values.add(value);
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }
}
