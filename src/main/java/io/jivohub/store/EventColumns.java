package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns each connection's raw events of each type have brought, in the order they first came: the files of
 * the raw events (CSV, xlsx, rows) take their columns from here rather than from the page they are on, so every page
 * of a type has the same columns in the same order.
 *
 * <p>Why the order only ever grows at its end: the columns an event brings commit in its batch's transaction
 * ({@link ColumnRecorder}), and batches commit in id order, also with several instances
 * ({@link Dialect#lockCommitOrder}). A column is ordered by the first event that brought it, so one that joins
 * later comes after every column a reader has seen. A reader that reads the columns after the events finds every
 * column of every event it read.
 *
 * <p>Events stored before the catalog existed are {@linkplain #gather gathered} once, in the background; until
 * that is done ({@link Gathering#done()}), the order of their columns is not known yet.
 *
 * <p>Thread-safe.
 */
public final class EventColumns {
    /** The most columns a connection's type takes; readers find one more when there were more. */
    public static final int MAX_PER_TYPE = 1000;
    /** Adds a column, or moves it to an earlier event that brought it (gathering goes back in time). */
    static final String ADD = "INSERT INTO event_columns (connection_id, event_name, name, first_event_id, place)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (connection_id, event_name, name) DO UPDATE"
            + " SET first_event_id = excluded.first_event_id, place = excluded.place"
            + " WHERE excluded.first_event_id < event_columns.first_event_id";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * How far the events stored before the catalog existed are gathered.
     *
     * @param gathered up to this event id
     * @param toReach  the newest event id when the catalog was created; gathering ends there
     */
    public record Gathering(long gathered, long toReach) {
        public boolean done() {
            return gathered >= toReach;
        }
    }

    /**
     * The columns of one stored event, for {@link #gather}.
     *
     * @param columns its column names, in the order of its body
     */
    public record EventNames(long eventId, long connectionId, String eventName, List<String> columns) {
    }

    private final EventWriter writer;
    private final StorePool pool;
    private final Dialect dialect;

    EventColumns(EventWriter writer, StorePool pool, Dialect dialect) {
        this.writer = writer;
        this.pool = pool;
        this.dialect = dialect;
    }

    /**
     * The columns of connection {@code connectionId}'s events of type {@code eventName}, in the order they first
     * came: at most {@value #MAX_PER_TYPE}, and one more when there were more.
     */
    public List<String> of(long connectionId, String eventName) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM event_columns"
                    + " WHERE connection_id = ? AND event_name = ? ORDER BY first_event_id, place, name LIMIT ?")) {
                select.setLong(1, connectionId);
                select.setString(2, eventName);
                select.setInt(3, MAX_PER_TYPE + 1);
                List<String> names = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                return names;
            }
        }, TIMEOUT);
    }

    public Gathering gathering() {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT columns_gathered, columns_to_reach FROM events_state WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return new Gathering(row.getLong(1), row.getLong(2));
            }
        }, TIMEOUT);
    }

    /** Forgets the columns of connection {@code id} (deleting it). */
    static int forgetConnection(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM event_columns WHERE connection_id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate();
        }
    }

    /**
     * Adds the columns of {@code events}, stored before the catalog existed and read in id order, and moves the
     * gathering on to {@code gathered}, in one transaction.
     */
    public void gather(List<EventNames> events, long gathered) {
        record Column(long connectionId, String eventName, String name) {
        }
        record Place(long eventId, int place) {
        }
        Map<Column, Place> first = new LinkedHashMap<>();
        for (EventNames event : events) {
            for (int place = 0; place < event.columns().size(); place++) {
                first.putIfAbsent(new Column(event.connectionId(), event.eventName(), event.columns().get(place)),
                        new Place(event.eventId(), place));
            }
        }
        writer.run(connection -> {
            dialect.lockCommitOrder(connection);
            try (PreparedStatement add = connection.prepareStatement(ADD);
                 PreparedStatement move = connection.prepareStatement(
                         "UPDATE events_state SET columns_gathered = ? WHERE id = 1 AND columns_gathered < ?")) {
                for (Map.Entry<Column, Place> column : first.entrySet()) {
                    add.setLong(1, column.getKey().connectionId());
                    add.setString(2, column.getKey().eventName());
                    add.setString(3, column.getKey().name());
                    add.setLong(4, column.getValue().eventId());
                    add.setInt(5, column.getValue().place());
                    add.executeUpdate();
                }
                move.setLong(1, gathered);
                move.setLong(2, gathered);
                return move.executeUpdate();
            }
        }, TIMEOUT);
    }
}
