package io.jivohub.tables;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Visitors, from every event that says who the visitor is, keyed by {@code visitor_key}: Jivo's visitor number,
 * else the CRM client id, else the e-mail in lower case, else the phone's digits. Contact fields take the latest
 * non-empty value; {@code chats}, {@code offline_messages} and {@code calls} count distinct ones. The same person
 * may have two rows when Jivo names them by number in some events and only by client id in others.
 */
final class VisitorFold implements Fold {
    private static final String CHATS = "_chats";
    private static final String OFFLINE = "_offline_messages";
    private static final String CALLS = "_calls";

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
        String widget = event.text("widget_id");
        String chat = event.text("chat_id");
        switch (event.name()) {
            case "chat_accepted", "chat_updated", "chat_assigned", "chat_finished" -> {
                if (chat != null) {
                    count(visitor, CHATS, "chats", widget + "/" + chat);
                }
            }
            case "offline_message" -> count(visitor, OFFLINE, "offline_messages",
                    widget + "/" + (event.text("offline_message_id") != null ? event.text("offline_message_id")
                            : "event:" + event.id()));
            case "call_event" -> {
                if ("start".equals(event.text("call", "status")) || chat != null) {
                    count(visitor, CALLS, "calls", widget + "/" + (chat != null ? chat : "event:" + event.id()));
                }
            }
            default -> {
            }
        }
    }

    /** Adds {@code item} to the distinct items of {@code set} and writes their count to {@code column}. */
    private static void count(RowState visitor, String set, String column, String item) {
        ArrayNode items = visitor.get(set).isArray() ? (ArrayNode) visitor.get(set)
                : JsonNodeFactory.instance.arrayNode();
        for (var seen : items) {
            if (seen.asString().equals(item)) {
                visitor.set(column, (long) items.size());
                return;
            }
        }
        items.add(item);
        visitor.setNode(set, items);
        visitor.set(column, (long) items.size());
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
