package io.jivohub.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

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
 * <p>What a visitor typed must stay text in any spreadsheet, whichever separator it imports with:
 *
 * <ul>
 *   <li>Every cell is quoted, the header's too.</li>
 *   <li>A spreadsheet that splits at another separator ({@code ;} or a tab where this file has commas) splits
 *       inside quoted values too, so any place after a comma, semicolon, tab or line break inside a value may begin
 *       a cell. Wherever such a place, or the value's start, leads (past spaces, control characters, invisible
 *       format characters and quotes, which spreadsheets may skip) to a character that starts a formula
 *       ({@code =}, {@code +}, {@code -}, {@code @}, or their full-width forms), an apostrophe goes before that
 *       character: spreadsheets show it as a text marker, and run nothing (CSV injection). Text that is just a
 *       number ({@code -122.3942}, a longitude Jivo sends as text) is left as it is: a spreadsheet reads a number
 *       and runs nothing, and the number stays a number. A value that begins
 *       with a tab or a carriage return gets one at its start as well. Separators a user may type into an import
 *       dialog beyond these (a space, {@code |}) are not guarded: the guard would put apostrophes into most
 *       sentences.</li>
 * </ul>
 */
final class Csv {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";
    /** Text that is just a number ({@code -122.3942}, {@code +79991234567}): no formula, so no guard. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d+)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Where a spreadsheet may begin a new cell, whatever separator it was told. */
    private static final String SEPARATORS = ",;\t\r\n";

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
        PageBound bound = new PageBound();
        for (EventRecord event : events) {
            Map<String, String> row = new LinkedHashMap<>();
            for (ReservedColumn reserved : ReservedColumn.values()) {
                row.put(reserved.column(), reserved.text(event.id(), event.receivedAt(), event.eventName()));
            }
            row.putAll(EventParser.parseStored(event.body()).columns());
            long newNames = row.keySet().stream().filter(name -> !names.contains(name)).count();
            long cells = (rows.size() + 1L) * (names.size() + newNames) - (long) rows.size() * names.size();
            long bytes = row.entrySet().stream().mapToLong(cell -> cell.getValue().length()
                    + (names.contains(cell.getKey()) ? 0 : cell.getKey().length())).sum();
            if (!bound.fits(cells, bytes)) {
                break;
            }
            bound.add(cells, bytes);
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

    /** One cell: neutralised, then quoted. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (PLAIN_NUMBER.matcher(value).matches()) {
            return '"' + value + '"'; // a spreadsheet reads it as a number, and runs nothing
        }
        StringBuilder text = new StringBuilder(value.length() + 4).append('"');
        if (value.charAt(0) == '\t' || value.charAt(0) == '\r') {
            text.append('\'');
        }
        boolean cellStart = true; // a spreadsheet may begin a cell here, and has seen only what it skips
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (cellStart && FORMULA_STARTS.indexOf(c) >= 0) {
                text.append('\'');
                cellStart = false;
            } else if (SEPARATORS.indexOf(c) >= 0) {
                cellStart = true;
            } else if (!isSkipped(c)) {
                cellStart = false;
            }
            text.append(c == '"' ? "\"\"" : String.valueOf(c));
        }
        return text.append('"').toString();
    }

    /**
     * What spreadsheets may pass over before they look for a formula: spaces, control characters, invisible format
     * characters (zero-width space, byte order mark, word joiner) and quotes.
     */
    private static boolean isSkipped(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || c == '"';
    }
}
