package io.jivohub.tables;

import java.util.List;

/**
 * Offline messages, one row each, keyed by ({@code widget_id}, {@code offline_message_id}); a message without an
 * id is keyed by its event ({@code event:<id>}), so that it still has a row of its own.
 */
final class OfflineMessageFold implements Fold {
    @Override
    public List<Target> targets(JivoEvent event) {
        return event.name().equals("offline_message") ? List.of(new Target(Dataset.OFFLINE_MESSAGES, key(event)))
                : List.of();
    }

    @Override
    public void fold(JivoEvent event, Rows rows) {
        if (!event.name().equals("offline_message")) {
            return;
        }
        List<String> key = key(event);
        RowState row = rows.get(Dataset.OFFLINE_MESSAGES, key);
        row.set("widget_id", key.get(0));
        row.set("offline_message_id", key.get(1));
        row.latest("chat_id", event.text("chat_id"));
        row.earliest("received_at", event.receivedAt());
        row.latest("message", event.text("message"));
        Contact.fold(event, row);
        row.increment("events");
    }

    static List<String> key(JivoEvent event) {
        String widget = event.text("widget_id");
        String id = event.text("offline_message_id");
        return List.of(widget == null ? "" : widget, id == null ? "event:" + event.id() : id);
    }
}
