package io.jivohub.tables;

import java.util.List;

import io.jivohub.json.Json;
import io.jivohub.store.TableRow;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The values of a stored row, column by column, as every format writes them: a row's own columns from its
 * state, a tombstone's key columns from its key (the rest of a tombstone is null), and {@link Dataset#META}.
 * Immutable.
 */
public final class RowValues {
    private static final TypeReference<List<String>> KEY = new TypeReference<>() {
    };

    private final Dataset dataset;
    private final TableRow row;
    private final JsonNode state;
    private final List<String> key;

    public RowValues(Dataset dataset, TableRow row) {
        this.dataset = dataset;
        this.row = row;
        this.state = row.deleted() ? JsonNodeFactory.instance.objectNode() : Json.MAPPER.readTree(row.state());
        // Only a tombstone's key columns come from its key: a live row has them in its state.
        this.key = row.deleted() ? Json.MAPPER.readValue(row.key().key(), KEY) : List.of();
    }

    /** The value of {@code column}: a missing node when the row has none, else a number, boolean or text. */
    public JsonNode value(TableColumn column) {
        switch (column.name()) {
            case "row_version" -> {
                return JsonNodeFactory.instance.numberNode(row.rowVersion());
            }
            case "deleted" -> {
                return JsonNodeFactory.instance.booleanNode(row.deleted());
            }
            default -> {
                int keyIndex = dataset.key().indexOf(column.name());
                if (row.deleted() && keyIndex >= 0) {
                    String value = key.get(keyIndex);
                    return column.type() == ColumnType.NUMBER ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                            : JsonNodeFactory.instance.stringNode(value);
                }
                return state.path(column.name());
            }
        }
    }
}
