package io.jivohub.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jivohub.data.TableCells;
import io.jivohub.store.TableRow;
import io.jivohub.store.TableRows;
import io.jivohub.tables.Dataset;
import io.jivohub.tables.RowValues;
import io.jivohub.tables.TableColumn;

/**
 * The rows of a Jivo table that changed last, as a connection's page shows them: the few columns that say most,
 * each value as text in the reader's language and time zone, long text shortened (the downloads have it whole).
 * Immutable.
 *
 * @param dataset   the table's name
 * @param columns   the names of the columns shown
 * @param rows      each row's values, as text
 * @param olderThan the {@code row_version} to ask for the rows before these with, or null when there are none
 */
public record Preview(String dataset, List<String> columns, List<List<String>> rows, Long olderThan) {
    /** The tables a connection's page shows, and their columns there. */
    static final Map<Dataset, List<String>> SHOWN = Map.of(
            Dataset.CHATS, List.of("started_at", "visitor_name", "agent_name", "first_response_s", "missed",
                    "visitor_messages", "agent_messages", "utm_source"),
            Dataset.MESSAGES, List.of("sent_at", "chat_id", "side", "agent_name", "text"),
            Dataset.CALLS, List.of("started_at", "phone", "outcome", "duration_s", "agent_name"),
            Dataset.OFFLINE_MESSAGES, List.of("received_at", "visitor_name", "visitor_email", "visitor_phone",
                    "message"));
    /** In the order the page shows them. */
    static final List<Dataset> ORDER = List.of(Dataset.CHATS, Dataset.MESSAGES, Dataset.CALLS,
            Dataset.OFFLINE_MESSAGES);
    /** Rows shown at a time. */
    static final int ROWS = 10;
    private static final int MAX_TEXT = 140;

    static Preview of(Dataset dataset, TableRows.Page page, Page reader) {
        List<TableColumn> columns = SHOWN.get(dataset).stream().map(name -> column(dataset, name)).toList();
        List<List<String>> rows = new ArrayList<>();
        for (TableRow row : page.rows()) {
            rows.add(TableCells.of(new RowValues(dataset, row), columns).stream().map(value -> text(value, reader))
                    .toList());
        }
        Long olderThan = page.more() ? page.rows().getLast().rowVersion() : null;
        return new Preview(dataset.apiName(), columns.stream().map(TableColumn::name).toList(), rows, olderThan);
    }

    private static TableColumn column(Dataset dataset, String name) {
        return dataset.columns().stream().filter(column -> column.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(dataset.apiName() + " has no column " + name));
    }

    private static String text(Object value, Page reader) {
        return switch (value) {
            case null -> "";
            case String text -> text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
            case Boolean bool -> reader.t(bool ? "yes" : "no");
            case Instant instant -> reader.time(instant.toEpochMilli());
            default -> value.toString();
        };
    }
}
