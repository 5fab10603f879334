package io.jivohub.columns;

/**
 * The columns every table has, filled by jivohub rather than by a payload field: no field may take their names
 * (see {@link EventParser}). {@code event_id} and {@code received_at} come first in every format; CSV writes all
 * three first, in this order, where the JSON table sorts {@code event_name} among the other columns.
 */
public enum ReservedColumn {
    /** The server's id of the event: the cursor of the data API. */
    EVENT_ID("event_id"),
    /** When jivohub stored it, ISO-8601 in UTC. */
    RECEIVED_AT("received_at"),
    /** Its type: the body's {@code event_name}, or the type of the URL it came to. */
    EVENT_NAME("event_name");

    private final String column;

    ReservedColumn(String column) {
        this.column = column;
    }

    /** The column's name. */
    public String column() {
        return column;
    }

    /** The value of this column for one event, as text. */
    public String text(long eventId, long receivedAt, String eventName) {
        return switch (this) {
            case EVENT_ID -> Long.toString(eventId);
            case RECEIVED_AT -> Timestamps.format(receivedAt);
            case EVENT_NAME -> eventName;
        };
    }

    /** Whether {@code column} is one of these. */
    public static boolean isReserved(String column) {
        for (ReservedColumn reserved : values()) {
            if (reserved.column.equals(column)) {
                return true;
            }
        }
        return false;
    }
}
