package io.jivohub.tables;

import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A row being folded: its values by column name, plus what the fold keeps for itself under names starting with
 * {@code _} (never shown). The operations are the merge rules the tables promise: the earliest or the latest
 * moment, the latest non-empty value. Not thread-safe: one fold at a time.
 */
final class RowState {
    private final ObjectNode values;

    private RowState(ObjectNode values) {
        this.values = values;
    }

    static RowState empty() {
        return new RowState(JsonNodeFactory.instance.objectNode());
    }

    static RowState of(byte[] json) {
        return new RowState((ObjectNode) Json.MAPPER.readTree(json));
    }

    byte[] bytes() {
        return Json.MAPPER.writeValueAsBytes(values);
    }

    JsonNode get(String column) {
        return values.path(column);
    }

    boolean has(String column) {
        return values.hasNonNull(column);
    }

    String text(String column) {
        return JivoEvent.text(values, column);
    }

    Long number(String column) {
        return JivoEvent.number(values, column);
    }

    /** Sets {@code column}, or removes it for null. */
    void set(String column, String value) {
        if (value == null) {
            values.remove(column);
        } else {
            values.put(column, value);
        }
    }

    void set(String column, Long value) {
        if (value == null) {
            values.remove(column);
        } else {
            values.put(column, value);
        }
    }

    void set(String column, Boolean value) {
        if (value == null) {
            values.remove(column);
        } else {
            values.put(column, value);
        }
    }

    void setNode(String column, JsonNode value) {
        values.set(column, value);
    }

    /** Keeps the latest value that is not empty: a later event without it does not erase it. */
    void latest(String column, String value) {
        if (value != null) {
            values.put(column, value);
        }
    }

    void latest(String column, Boolean value) {
        if (value != null) {
            values.put(column, value);
        }
    }

    /** Keeps the earliest of the moments seen (epoch milliseconds). */
    void earliest(String column, long millis) {
        if (!has(column) || millis < values.get(column).asLong()) {
            values.put(column, millis);
        }
    }

    /** Keeps the latest of the moments seen (epoch milliseconds). */
    void latestMoment(String column, long millis) {
        if (!has(column) || millis > values.get(column).asLong()) {
            values.put(column, millis);
        }
    }

    /**
     * Adds {@code value} to the set of text kept under {@code column} (a fold's own: its name starts with
     * {@code _}).
     *
     * @return whether it was not in the set before
     */
    boolean addTo(String column, String value) {
        ArrayNode set = values.has(column) ? (ArrayNode) values.get(column) : values.putArray(column);
        for (JsonNode member : set) {
            if (member.asString().equals(value)) {
                return false;
            }
        }
        set.add(value);
        return true;
    }

    void increment(String column) {
        values.put(column, values.path(column).asLong(0) + 1);
    }
}
