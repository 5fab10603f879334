package io.jivohub.tables;

import java.util.List;
import java.util.Locale;

/**
 * Visitors, from every event that says who the visitor is, keyed by {@code visitor_key}: Jivo's visitor number,
 * else the CRM client id, else the e-mail in lower case, else the phone's digits. Contact fields take the latest
 * non-empty value; {@code chats} and {@code offline_messages} count each once, with the event that made its row
 * (the chat's first event, when it named the visitor), {@code calls} count call starts. The same person
 * may have two rows when Jivo names them by number in some events and only by client id in others.
 */
final class VisitorFold implements Fold {
    @Override
    public List<Target> targets(JivoEvent event) {
        String key = key(event);
        return key == null ? List.of() : List.of(new Target(Dataset.VISITORS, List.of(key)));
    }

    @Override
    public void fold(JivoEvent event, Rows rows) {
        String key = key(event);
        if (key == null) {
            return;
        }
        RowState visitor = rows.get(Dataset.VISITORS, List.of(key));
        visitor.set("visitor_key", key);
        visitor.latest("name", event.text("visitor", "name"));
        visitor.latest("email", event.text("visitor", "email"));
        visitor.latest("phone", event.text("visitor", "phone"));
        visitor.latest("number", event.text("visitor", "number"));
        visitor.latest("client_id", event.text("client_id"));
        visitor.earliest("first_seen_at", event.receivedAt());
        visitor.latestMoment("last_seen_at", event.receivedAt());
        visitor.increment("events");
        // A chat counts once, with its first chat event; an offline message with the event that made its row; a
        // call with its start.
        List<String> chat = ChatFold.chatKey(event);
        if (chat != null && !event.name().equals("call_event")
                && Long.valueOf(1).equals(rows.get(Dataset.CHATS, chat).number(ChatFold.CHAT_EVENTS))) {
            visitor.increment("chats");
        }
        if (event.name().equals("offline_message")
                && isNew(rows.get(Dataset.OFFLINE_MESSAGES, OfflineMessageFold.key(event)))) {
            visitor.increment("offline_messages");
        }
        if (event.name().equals("call_event") && "start".equals(event.text("call", "status"))) {
            visitor.increment("calls");
        }
    }

    /** Whether the row was made by the event being folded: it counts that one event. */
    private static boolean isNew(RowState row) {
        return Long.valueOf(1).equals(row.number("events"));
    }

    private static String key(JivoEvent event) {
        String number = event.text("visitor", "number");
        if (number != null) {
            return number;
        }
        String client = event.text("client_id");
        if (client != null) {
            return "client:" + client;
        }
        String email = event.text("visitor", "email");
        if (email != null) {
            return "email:" + email.toLowerCase(Locale.ROOT);
        }
        String phone = event.text("visitor", "phone");
        String digits = phone == null ? "" : phone.replaceAll("\\D", "");
        return digits.isEmpty() ? null : "phone:" + digits;
    }
}
