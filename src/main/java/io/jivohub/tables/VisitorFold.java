package io.jivohub.tables;

import java.util.List;
import java.util.Locale;

/**
 * Visitors, from every event that says who the visitor is, keyed by {@code visitor_key}: Jivo's visitor number,
 * else the CRM client id, else the e-mail in lower case, else the phone's digits. Contact fields take the latest
 * non-empty value; {@code chats} and {@code offline_messages} count each chat (its events other than calls) and
 * each offline message once, with the first of its events that names the visitor, whichever event that is; the
 * chat's or message's row remembers which visitors counted it, so the counts do not depend on the order events
 * arrive in. {@code calls} count call starts. The same person may have two rows when Jivo names them by number in
 * some events and only by client id in others.
 */
final class VisitorFold implements Fold {
    /** Kept in a chat's or an offline message's row: the visitors that counted it. */
    private static final String COUNTED_BY = "_counted_by";

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
        List<String> chat = ChatFold.chatKey(event);
        if (chat != null && !event.name().equals("call_event")
                && rows.get(Dataset.CHATS, chat).addTo(COUNTED_BY, key)) {
            visitor.increment("chats");
        }
        if (event.name().equals("offline_message")
                && rows.get(Dataset.OFFLINE_MESSAGES, OfflineMessageFold.key(event)).addTo(COUNTED_BY, key)) {
            visitor.increment("offline_messages");
        }
        if (event.name().equals("call_event") && "start".equals(event.text("call", "status"))) {
            visitor.increment("calls");
        }
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
