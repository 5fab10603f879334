package io.jivohub.data;

import java.util.ArrayList;
import java.util.List;

import io.jivohub.columns.Timestamps;
import io.jivohub.store.TableRow;
import io.jivohub.tables.ColumnType;
import io.jivohub.tables.Dataset;
import io.jivohub.tables.RowValues;
import io.jivohub.tables.TableColumn;
import io.jivohub.web.Responses;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * A page of a Jivo table in the seed's form, {@code {"data": [{column: [values…]}], "next_after": v|null}}: one
 * table with every column of the dataset in its order, also when the page is empty, so that its shape never
 * changes. Numbers are numbers, booleans booleans, times ISO-8601 in UTC, and a value the row lacks is null.
 * {@code next_after} is the last row's version when more rows follow. Immutable.
 */
record TablePage(Dataset dataset, List<TableRow> rows, boolean more) implements Responses.JsonBody {
    @Override
    public void writeTo(JsonGenerator json) {
        List<RowValues> values = new ArrayList<>(rows.size());
        for (TableRow row : rows) {
            values.add(new RowValues(dataset, row));
        }
        List<TableColumn> columns = new ArrayList<>(dataset.columns());
        columns.addAll(Dataset.META);
        json.writeStartObject();
        json.writeName("data");
        json.writeStartArray();
        json.writeStartObject();
        for (TableColumn column : columns) {
            json.writeName(column.name());
            json.writeStartArray();
            for (RowValues row : values) {
                write(json, column, row.value(column));
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeEndArray();
        json.writeName("next_after");
        if (more) {
            json.writeNumber(rows.getLast().rowVersion());
        } else {
            json.writeNull();
        }
        json.writeEndObject();
    }

    private static void write(JsonGenerator json, TableColumn column, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            json.writeNull();
        } else if (column.type() == ColumnType.TIME) {
            json.writeString(Timestamps.format(value.asLong()));
        } else if (column.type() == ColumnType.NUMBER) {
            json.writeNumber(value.asLong());
        } else if (column.type() == ColumnType.BOOLEAN) {
            json.writeBoolean(value.asBoolean());
        } else {
            json.writeString(value.asString());
        }
    }
}
