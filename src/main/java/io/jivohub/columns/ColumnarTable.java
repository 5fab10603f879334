package io.jivohub.columns;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.jivohub.json.Bytes;
import io.jivohub.json.JsonText;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Events of one type as the seed's columnar table: a JSON object from column name to a list of values, one entry
 * per event, every list the same length. The {@linkplain ReservedColumn reserved columns} {@code event_id} (numbers)
 * and {@code received_at} (ISO-8601) come first, then the columns in alphabetical order, {@code event_name} among
 * them; an event without a column has {@code null} there.
 *
 * <p>Rows arrive one event at a time but leave one column at a time. Each value is therefore appended, already as
 * JSON text, to its own column's buffer as the row is added; writing the table then copies whole buffers. The
 * obvious alternative, keeping rows and visiting every row once per column, misses the CPU cache on nearly every
 * value of a page of thousands of events, and was the slowest part of reading.
 *
 * <p>Not thread-safe: one table is built by one thread.
 */
public final class ColumnarTable {
    /** One column's JSON array content so far. */
    private static final class ColumnText {
        final Bytes text;
        int rows;

        ColumnText(int expectedRows) {
            text = new Bytes(expectedRows * 16);
        }

        /** Appends {@code null}s until the column has {@code rows} entries. */
        void fillTo(int rows) {
            while (this.rows < rows) {
                separate();
                text.ascii("null");
            }
        }

        Bytes next() {
            separate();
            return text;
        }

        private void separate() {
            if (rows++ > 0) {
                text.append((byte) ',');
            }
        }
    }

    /** Column names and event types as JSON strings: the same few dozen recur in every table. */
    private static final Map<String, byte[]> QUOTED = new ConcurrentHashMap<>();
    private static final int MAX_QUOTED = 4096;

    private final int expectedRows;
    private final ColumnText eventIds;
    private final ColumnText receivedAts;
    private final Map<String, ColumnText> columns = new HashMap<>();
    private int rows;
    /** Bytes of its column names and values, as a page counts them (see {@link PageBound}). */
    private long bytes;

    /** A table for about {@code expectedRows} events (it takes more, but then grows its buffers). */
    public ColumnarTable(int expectedRows) {
        this.expectedRows = expectedRows;
        this.eventIds = new ColumnText(expectedRows);
        this.receivedAts = new ColumnText(expectedRows);
    }

    /** Its cells: a value or {@code null} for each row in each column, the reserved columns included. */
    public long cells() {
        return (long) rows * (columns.size() + 2);
    }

    /** The cells of the table {@code parts} make together: every row has every column of any part. */
    public static long cells(List<ColumnarTable> parts) {
        Set<String> names = new HashSet<>();
        long rows = 0;
        for (ColumnarTable part : parts) {
            names.addAll(part.columns.keySet());
            rows += part.rows;
        }
        return rows * (names.size() + 2);
    }

    /** Bytes of its column names and values so far. */
    public long bytes() {
        return bytes;
    }

    /** The most bytes adding an event with {@code values} could add: as if each brought a new column. */
    public static long bytesAddingAtMost(List<Column> values) {
        long added = 0;
        for (Column value : values) {
            added += value.value().size() + value.name().length();
        }
        return added;
    }

    /** The bytes adding an event with {@code values} adds: its values, and the names of the columns it brings. */
    public long bytesAdding(List<Column> values) {
        long added = 0;
        for (Column value : values) {
            added += value.value().size() + (columns.containsKey(value.name()) ? 0 : value.name().length());
        }
        return added;
    }

    /** The most cells adding an event of {@code valueCount} values could add: as if each brought a new column. */
    public long cellsAddingAtMost(int valueCount) {
        return (long) (rows + 1) * (columns.size() + 3 + valueCount) - cells();
    }

    /**
     * How many cells adding an event with {@code values} would add: one row of every column, and the rows before it
     * in each column it brings that is new. A page counts them against its {@link PageBound}.
     */
    public long cellsAdding(List<Column> values) {
        int newColumns = columns.containsKey(ReservedColumn.EVENT_NAME.column()) ? 0 : 1;
        for (Column value : values) {
            if (!columns.containsKey(value.name())) {
                newColumns++;
            }
        }
        return (long) (rows + 1) * (columns.size() + 2 + newColumns) - cells();
    }

    /**
     * Adds one event.
     *
     * @param eventId    the server-assigned id
     * @param receivedAt when jivohub stored it, epoch milliseconds
     * @param eventName  its type, see {@link ReservedColumn#EVENT_NAME}
     * @param values     its other columns, see {@link EventParser}
     */
    public void add(long eventId, long receivedAt, String eventName, List<Column> values) {
        eventIds.next().ascii(Long.toString(eventId));
        receivedAts.next().append((byte) '"').ascii(Timestamps.format(receivedAt)).append((byte) '"');
        column(ReservedColumn.EVENT_NAME.column()).next().append(quoted(eventName));
        for (Column value : values) {
            if (!columns.containsKey(value.name())) {
                bytes += value.name().length();
            }
            bytes += value.value().size();
            value.value().appendTo(column(value.name()).next());
        }
        rows++;
    }

    private ColumnText column(String name) {
        ColumnText column = columns.get(name);
        if (column == null) {
            // A column of the first row is likely in every row; one that turns up later, likely in few.
            column = new ColumnText(rows == 0 ? expectedRows : 1);
            columns.put(name, column);
        }
        column.fillTo(rows);
        return column;
    }

    /** Adds this table, a JSON object, to {@code out}. */
    public void appendTo(JsonText out) {
        appendTo(out, List.of(this));
    }

    /**
     * Adds one table, a JSON object, to {@code out}, from {@code parts}: tables of the same event type holding
     * consecutive runs of its rows (so that a page can be built by several threads at once).
     */
    public static void appendTo(JsonText out, List<ColumnarTable> parts) {
        SortedSet<String> names = new TreeSet<>();
        parts.forEach(part -> names.addAll(part.columns.keySet()));
        appendColumn(out.ascii("{"), ReservedColumn.EVENT_ID.column(), parts, part -> part.eventIds);
        appendColumn(out.ascii(","), ReservedColumn.RECEIVED_AT.column(), parts, part -> part.receivedAts);
        for (String name : names) {
            appendColumn(out.ascii(","), name, parts, part -> part.columns.get(name));
        }
        out.ascii("}");
    }

    private static void appendColumn(JsonText out, String name, List<ColumnarTable> parts,
                                     Function<ColumnarTable, ColumnText> column) {
        out.bytes(quoted(name)).ascii(":[");
        for (int i = 0; i < parts.size(); i++) {
            ColumnarTable part = parts.get(i);
            if (i > 0) {
                out.ascii(",");
            }
            ColumnText text = column.apply(part);
            if (text == null) {
                text = new ColumnText(part.rows);
            }
            text.fillTo(part.rows);
            out.bytes(text.text);
        }
        out.ascii("]");
    }

    private static byte[] quoted(String text) {
        byte[] known = QUOTED.get(text);
        if (known != null) {
            return known;
        }
        byte[] quoted = quote(text);
        if (QUOTED.size() < MAX_QUOTED) {
            QUOTED.put(text, quoted);
        }
        return quoted;
    }

    private static byte[] quote(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }
}
