package io.jivohub.table;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

import tools.jackson.core.JsonGenerator;

/**
 * Writes events of one type as the seed's columnar table: a JSON object from column name to a list of values, one
 * entry per event, every list the same length. {@code event_id} and {@code received_at} come first, then the columns
 * in alphabetical order; an event without a column has {@code null} there.
 */
public final class Tables {
    private Tables() {
    }

    /**
     * One event as a table row.
     *
     * @param eventId    the server-assigned id
     * @param receivedAt when jivohub stored it, epoch milliseconds
     * @param eventName  its type: the body's {@code event_name}, or the type of the URL it came to
     * @param columns    its other columns, see {@link EventParser}
     */
    public record Row(long eventId, long receivedAt, String eventName, Map<String, String> columns) {
    }

    /** Writes {@code rows} (all of one event type, ascending id) as one table. */
    public static void write(JsonGenerator json, List<Row> rows) {
        SortedSet<String> names = new TreeSet<>();
        names.add("event_name");
        rows.forEach(row -> names.addAll(row.columns().keySet()));

        json.writeStartObject();
        json.writeName("event_id");
        json.writeStartArray();
        rows.forEach(row -> json.writeNumber(row.eventId()));
        json.writeEndArray();
        writeColumn(json, "received_at", rows, row -> Timestamps.format(row.receivedAt()));
        for (String name : names) {
            writeColumn(json, name, rows,
                    name.equals("event_name") ? Row::eventName : row -> row.columns().get(name));
        }
        json.writeEndObject();
    }

    private static void writeColumn(JsonGenerator json, String name, List<Row> rows, Function<Row, String> value) {
        json.writeName(name);
        json.writeStartArray();
        rows.forEach(row -> json.writeString(value.apply(row)));
        json.writeEndArray();
    }
}
