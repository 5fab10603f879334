package io.jivohub.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.tables.RowValues;
import io.jivohub.tables.TableColumn;
import tools.jackson.databind.JsonNode;

/** A row's values as every format writes them: null, text, a whole number, a boolean or a point in time. */
public final class TableCells {
    private TableCells() {
    }

    public static List<Object> of(RowValues row, List<TableColumn> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (TableColumn column : columns) {
            JsonNode value = row.value(column);
            values.add(value.isMissingNode() || value.isNull() ? null : switch (column.type()) {
                case TEXT -> value.asString();
                case NUMBER -> value.asLong();
                case BOOLEAN -> value.asBoolean();
                case TIME -> Instant.ofEpochMilli(value.asLong());
            });
        }
        return values;
    }
}
