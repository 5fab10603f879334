package io.jivohub.tables;

/**
 * A column of a Jivo table. Immutable.
 *
 * @param name as the API and every format name it
 * @param type what it holds
 */
public record TableColumn(String name, ColumnType type) {
    static TableColumn text(String name) {
        return new TableColumn(name, ColumnType.TEXT);
    }

    static TableColumn number(String name) {
        return new TableColumn(name, ColumnType.NUMBER);
    }

    static TableColumn bool(String name) {
        return new TableColumn(name, ColumnType.BOOLEAN);
    }

    static TableColumn time(String name) {
        return new TableColumn(name, ColumnType.TIME);
    }
}
