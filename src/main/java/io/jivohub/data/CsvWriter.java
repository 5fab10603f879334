package io.jivohub.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.jivohub.tables.TableColumn;

/**
 * A table as RFC 4180 CSV: UTF-8 with a byte order mark (so Excel shows Cyrillic), a header row, the chosen
 * separator ({@code sep=comma|semicolon|tab}: Excel in a Russian locale expects semicolons). Text cells are quoted
 * and guarded against formulas as every CSV of jivohub is ({@link Csv#cell}); numbers, booleans and times are
 * written bare and never guarded, so {@code -122.39} stays a number.
 */
final class CsvWriter implements RowWriter {
    private final Writer out;
    private final ZoneId zone;
    private final char separator;

    CsvWriter(OutputStream out, ZoneId zone, char separator) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.zone = zone;
        this.separator = separator;
    }

    @Override
    public void header(List<TableColumn> columns) throws IOException {
        out.write('\uFEFF');
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                out.write(separator);
            }
            out.write(Csv.cell(columns.get(c).name()));
        }
        out.write("\r\n");
    }

    @Override
    public void row(List<Object> values) throws IOException {
        for (int c = 0; c < values.size(); c++) {
            if (c > 0) {
                out.write(separator);
            }
            Object value = values.get(c);
            switch (value) {
                case null -> {
                }
                case String text -> out.write(Csv.cell(text));
                case Instant instant -> out.write(Times.iso(instant, zone));
                default -> out.write(value.toString());
            }
        }
        out.write("\r\n");
    }

    @Override
    public void finish(Long nextAfter) throws IOException {
        out.flush();
    }
}
