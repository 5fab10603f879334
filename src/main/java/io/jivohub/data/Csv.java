package io.jivohub.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.jivohub.columns.EventParser;
import io.jivohub.columns.PageBound;
import io.jivohub.columns.ReservedColumn;
import io.jivohub.store.EventRecord;

/**
 * One event type's table as a CSV file (RFC 4180) for spreadsheets: a header row, then one row per event, UTF-8
 * with a byte order mark so that Excel reads Cyrillic right.
 *
 * <p>The {@linkplain ReservedColumn reserved columns} come first, then the others in the order they first appear.
 *
 * <p>What a visitor typed must stay text in a spreadsheet: a cell that begins with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be taken as a formula (CSV injection), so it gets a
 * leading apostrophe, which spreadsheets show as a text marker.
 */
final class Csv {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    /**
     * A CSV file, and how many of the events it was given it holds: they end early at the {@link PageBound}.
     *
     * @param bytes  the file
     * @param events its rows, the first events given
     */
    record Page(byte[] bytes, int events) {
    }

    /** The rows of {@code events}, all of one type, as far as the page's bound allows. */
    static Page render(List<EventRecord> events) {
        List<Map<String, String>> rows = new ArrayList<>(events.size());
        Set<String> names = new LinkedHashSet<>();
        for (ReservedColumn reserved : ReservedColumn.values()) {
            names.add(reserved.column());
        }
        PageBound bound = new PageBound(PageBound.MAX_CELLS);
        for (EventRecord event : events) {
            Map<String, String> row = new LinkedHashMap<>();
            for (ReservedColumn reserved : ReservedColumn.values()) {
                row.put(reserved.column(), reserved.text(event.id(), event.receivedAt(), event.eventName()));
            }
            row.putAll(EventParser.parseStored(event.body()).columns());
            long newNames = row.keySet().stream().filter(name -> !names.contains(name)).count();
            if (!bound.admits((rows.size() + 1L) * (names.size() + newNames) - (long) rows.size() * names.size())) {
                break;
            }
            names.addAll(row.keySet());
            rows.add(row);
        }
        StringBuilder csv = new StringBuilder(BYTE_ORDER_MARK);
        appendRow(csv, names, name -> name);
        for (Map<String, String> row : rows) {
            appendRow(csv, names, row::get);
        }
        return new Page(csv.toString().getBytes(StandardCharsets.UTF_8), rows.size());
    }

    private static void appendRow(StringBuilder csv, Set<String> names,
                                  Function<String, String> cell) {
        boolean first = true;
        for (String name : names) {
            if (!first) {
                csv.append(',');
            }
            first = false;
            csv.append(cell(cell.apply(name)));
        }
        csv.append("\r\n");
    }

    /** One cell: neutralised, then quoted when it holds a separator, a quote or a line break. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
