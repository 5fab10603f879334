package io.jivohub.data;

import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.json.Json;
import io.jivohub.tables.TableColumn;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The seed's columnar form: one table with every column of the dataset, also when empty, so its shape never
 * changes. Columnar output can only start once the page is known, so it holds the page back.
 */
final class ColumnsWriter implements RowWriter {
    private final OutputStream out;
    private final ZoneId zone;
    private List<TableColumn> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    ColumnsWriter(OutputStream out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    @Override
    public void header(List<TableColumn> columns) {
        this.columns = columns;
    }

    @Override
    public void row(List<Object> values) {
        rows.add(values);
    }

    @Override
    public void finish(Long nextAfter) {
        try (JsonGenerator json = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeName("data");
            json.writeStartArray();
            json.writeStartObject();
            for (int c = 0; c < columns.size(); c++) {
                json.writeName(columns.get(c).name());
                json.writeStartArray();
                for (List<Object> row : rows) {
                    JsonRowsWriter.write(json, row.get(c), zone);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndArray();
            json.writeName("next_after");
            if (nextAfter == null) {
                json.writeNull();
            } else {
                json.writeNumber(nextAfter);
            }
            json.writeEndObject();
        }
    }
}
