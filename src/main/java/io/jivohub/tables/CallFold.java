package io.jivohub.tables;

import java.util.List;

/**
 * Calls, from the {@code call_event}s of each status change, keyed by ({@code widget_id}, {@code call_id}): the
 * chat_id, since Jivo sends no call id. A call without a chat_id is the run of events with the same phone from
 * one that found no call in progress to its {@code end} or {@code error}; its call_id is
 * {@code call:<phone digits>:<first event id>}. A hidden row per phone remembers the call in progress.
 *
 * <p>Moments take the earliest event of their status ({@code ended_at} the latest); the outcome is
 * {@code answered} when the call ended after an agent connected, {@code missed} when it ended without one,
 * {@code error} for an error, and null while it goes on.
 */
final class CallFold implements Fold {
    private static final String CALL = "_call";

    @Override
    public List<Target> targets(JivoEvent event) {
        if (!event.name().equals("call_event")) {
            return List.of();
        }
        String chatId = event.text("chat_id");
        return List.of(chatId != null ? new Target(Dataset.CALLS, List.of(widget(event), chatId))
                : new Target(Dataset.CALL_LINES, lineKey(event)));
    }

    @Override
    public void fold(JivoEvent event, Rows rows) {
        if (!event.name().equals("call_event")) {
            return;
        }
        String status = event.text("call", "status");
        List<String> key = key(event, status, rows);
        RowState call = rows.get(Dataset.CALLS, key);
        call.set("widget_id", key.get(0));
        call.set("call_id", key.get(1));
        call.latest("chat_id", event.text("chat_id"));
        call.latest("call_type", event.text("call", "type"));
        call.latest("phone", event.text("call", "phone"));
        if (!call.has("first_status")) {
            call.set("first_status", status);
        }
        call.latest("last_status", status);
        call.earliest("started_at", event.receivedAt());
        if ("client_connected".equals(status)) {
            call.earliest("client_connected_at", event.receivedAt());
        } else if ("agent_connected".equals(status)) {
            call.earliest("agent_connected_at", event.receivedAt());
        } else if ("end".equals(status) || "error".equals(status)) {
            call.latestMoment("ended_at", event.receivedAt());
        }
        if ("error".equals(status)) {
            call.set("error", true);
        }
        call.latest("reason", event.text("call", "reason"));
        call.latest("record_url", event.text("call", "record_url"));
        call.latest("agent_id", event.text("agent", "id"));
        call.latest("agent_name", event.text("agent", "name"));
        call.latest("department", event.text("department", "name"));
        Contact.fold(event, call);
        call.increment("events");
        call.latestMoment("last_event_at", event.receivedAt());
        Long started = call.number("started_at");
        Long ended = call.number("ended_at");
        call.set("duration_s", ended == null ? null : (ended - started) / 1000);
        call.set("outcome", call.has("error") ? "error" : ended == null ? null
                : call.has("agent_connected_at") ? "answered" : "missed");
    }

    /** The call's key; for a call without chat_id, the one in progress on its phone, or a new one. */
    private static List<String> key(JivoEvent event, String status, Rows rows) {
        String chatId = event.text("chat_id");
        if (chatId != null) {
            return List.of(widget(event), chatId);
        }
        RowState line = rows.get(Dataset.CALL_LINES, lineKey(event));
        String call = line.text(CALL);
        if (call == null) {
            call = "call:" + lineKey(event).get(1) + ":" + event.id();
        }
        boolean over = "end".equals(status) || "error".equals(status);
        line.set(CALL, over ? null : call);
        return List.of(widget(event), call);
    }

    /** For a call event without a chat_id: the start of the key of every call on its phone; else null. */
    static List<String> callsOfLine(JivoEvent event) {
        if (!event.name().equals("call_event") || event.text("chat_id") != null) {
            return null;
        }
        return List.of(widget(event), "call:" + lineKey(event).get(1) + ":");
    }

    private static List<String> lineKey(JivoEvent event) {
        String phone = event.text("call", "phone");
        String digits = phone == null ? "" : phone.replaceAll("\\D", "");
        return List.of(widget(event), digits.isEmpty() ? "event" + event.id() : digits);
    }

    private static String widget(JivoEvent event) {
        String widget = event.text("widget_id");
        return widget == null ? "" : widget;
    }
}
