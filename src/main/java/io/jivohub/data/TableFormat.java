package io.jivohub.data;

import java.io.OutputStream;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;

/** The formats a table, Jivo's or the raw events', can be read in ({@code format=}), each with its writer. */
enum TableFormat {
    /** The seed's form, {@code {"data": [{column: [values…]}], "next_after": …}}; the default. */
    COLUMNS("columns", "application/json; charset=utf-8", "json", false),
    /** {@code {"data": [{column: value, …}, …], "next_after": …}}: a list of objects. */
    ROWS("rows", "application/json; charset=utf-8", "json", false),
    /** One JSON object per line. */
    NDJSON("ndjson", "application/x-ndjson; charset=utf-8", "ndjson", true),
    /** RFC 4180, UTF-8 with a byte order mark, every text cell quoted and guarded against formulas. */
    CSV("csv", "text/csv; charset=utf-8", "csv", true),
    /** One sheet, numbers and times typed, text as text. */
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", true);

    private final String apiName;
    private final String contentType;
    private final String extension;
    private final boolean wholeByDefault;

    TableFormat(String apiName, String contentType, String extension, boolean wholeByDefault) {
        this.apiName = apiName;
        this.contentType = contentType;
        this.extension = extension;
        this.wholeByDefault = wholeByDefault;
    }

    String apiName() {
        return apiName;
    }

    String contentType() {
        return contentType;
    }

    /** The file name's extension, for {@code Content-Disposition}. */
    String extension() {
        return extension;
    }

    /**
     * Whether, without {@code limit} or {@code after}, it holds the whole table rather than a page: files are
     * opened as they are (a spreadsheet's import reads no cursor), so they must not end at the first page.
     */
    boolean wholeByDefault() {
        return wholeByDefault;
    }

    /** Whether it is a file a person opens, rather than JSON for a program (attachment, with a file name). */
    boolean isFile() {
        return this == CSV || this == XLSX;
    }

    /** @param name the table's name, for a format that names it (the sheet of xlsx) */
    RowWriter writer(OutputStream out, String name, ZoneId zone, char separator) {
        return switch (this) {
            case COLUMNS -> new ColumnsWriter(out, zone);
            case ROWS -> new JsonRowsWriter(out, zone, false);
            case NDJSON -> new JsonRowsWriter(out, zone, true);
            case CSV -> new CsvWriter(out, zone, separator);
            case XLSX -> new XlsxWriter(out, name, zone);
        };
    }

    static Optional<TableFormat> named(String name) {
        if (name.equals("json")) {
            return Optional.of(COLUMNS);
        }
        return Arrays.stream(values()).filter(format -> format.apiName.equals(name)).findFirst();
    }
}
