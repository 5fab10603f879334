package io.jivohub.table;

import java.util.Map;

/**
 * An event body parsed into its table row.
 *
 * @param eventName the top-level {@code event_name} string, or {@code null} when the body has none
 * @param chatId    the top-level {@code chat_id} (string or number) as text, or {@code null}
 * @param columns   column name to value, by the column rules; never contains a {@code null} value
 */
public record ParsedEvent(String eventName, String chatId, Map<String, String> columns) {
    public ParsedEvent {
        columns = Map.copyOf(columns);
    }
}
