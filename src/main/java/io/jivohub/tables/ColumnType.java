package io.jivohub.tables;

/** What a column of a Jivo table holds, and so how each format writes it. */
public enum ColumnType {
    /** Text as Jivo sent it; ids and phone numbers are text too, so that nothing turns them into numbers. */
    TEXT,
    /** A whole number. */
    NUMBER,
    BOOLEAN,
    /** A point in time, kept as epoch milliseconds, written as ISO-8601. */
    TIME
}
