package io.jivohub.columns;

/**
 * One value of an event with its column name.
 *
 * @param name  the column, by the rules of {@link ColumnNames}
 * @param value the value
 */
public record Column(String name, Value value) {
}
