package io.jivohub.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.jivohub.json.Json;
import io.jivohub.tables.TableColumn;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Rows as JSON objects, written as they come: {@code rows} wraps them as {@code {"data": [{…}, …], "next_after": …}},
 * {@code ndjson} writes one object per line. Numbers are numbers, booleans booleans, times ISO-8601 text.
 */
final class JsonRowsWriter implements RowWriter {
    private final OutputStream out;
    private final ZoneId zone;
    private final boolean lines;
    private final ByteArrayOutputStream row = new ByteArrayOutputStream(512);
    private List<TableColumn> columns;
    private boolean first = true;

    JsonRowsWriter(OutputStream out, ZoneId zone, boolean lines) {
        this.out = out;
        this.zone = zone;
        this.lines = lines;
    }

    @Override
    public void header(List<TableColumn> columns) throws IOException {
        boolean started = this.columns != null;
        this.columns = columns;
        if (!lines && !started) {
            out.write("{\"data\":[".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void row(List<Object> values) throws IOException {
        row.reset();
        try (JsonGenerator json = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), row)) {
            json.writeStartObject();
            for (int c = 0; c < columns.size(); c++) {
                json.writeName(columns.get(c).name());
                write(json, values.get(c), zone);
            }
            json.writeEndObject();
        }
        if (!lines && !first) {
            out.write(',');
        }
        first = false;
        row.writeTo(out);
        if (lines) {
            out.write('\n');
        }
    }

    @Override
    public void finish(Long nextAfter) throws IOException {
        if (!lines) {
            out.write(("],\"next_after\":" + (nextAfter == null ? "null" : nextAfter) + "}")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** One value as JSON: null, text, a number, a boolean, or a time as ISO-8601 text. */
    static void write(JsonGenerator json, Object value, ZoneId zone) {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Long number -> json.writeNumber(number);
            case Boolean bool -> json.writeBoolean(bool);
            case Instant instant -> json.writeString(Times.iso(instant, zone));
            default -> throw new IllegalArgumentException("not a table value: " + value.getClass());
        }
    }
}
