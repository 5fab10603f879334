package io.jivohub.columns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event body parsed into its table row.
 *
 * @param eventName the top-level {@code event_name} string, or {@code null} when the body has none
 * @param chatId    the top-level {@code chat_id} (string or number) as text, or {@code null}
 * @param values    its columns, one per name, by the column rules
 */
public record ParsedEvent(String eventName, String chatId, List<Column> values) {
    public ParsedEvent {
        values = List.copyOf(values);
    }

    /** The names of its columns, in the order of its body. */
    public List<String> columnNames() {
        return values.stream().map(Column::name).toList();
    }

    /** The values as text, by column name. */
    public Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        values.forEach(column -> columns.put(column.name(), column.value().text()));
        return columns;
    }
}
