package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many events each connection stored per hour (UTC) and type: what the dashboard's charts show, in any time
 * zone, without counting events. The writer adds each batch's events in the batch's transaction ({@link #add});
 * deletions take theirs away (an erasure per event, a connection's all at once, retention whole hours before the
 * cutoff's).
 *
 * <p>Thread-safe.
 */
public final class EventHours {
    static final long HOUR_MILLIS = 3_600_000L;
    static final String ADD = "INSERT INTO event_hours (connection_id, hour, event_name, events) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (connection_id, hour, event_name)"
            + " DO UPDATE SET events = event_hours.events + excluded.events";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Events of one type in one hour.
     *
     * @param hour hours since 1970-01-01T00:00Z
     */
    public record Count(long connectionId, long hour, String eventName, long events) {
    }

    private final StorePool pool;

    EventHours(StorePool pool) {
        this.pool = pool;
    }

    /** The counts of every connection from {@code fromMillis} on (the hour it falls in included). */
    public List<Count> since(long fromMillis) {
        return select("", fromMillis);
    }

    /** The counts of connection {@code id} from {@code fromMillis} on (the hour it falls in included). */
    public List<Count> since(long fromMillis, long id) {
        return select(" AND connection_id = ?", fromMillis, id);
    }

    private List<Count> select(String condition, long fromMillis, long... ids) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT connection_id, hour, event_name, events"
                    + " FROM event_hours WHERE hour >= ? AND events > 0" + condition)) {
                select.setLong(1, fromMillis / HOUR_MILLIS);
                for (int i = 0; i < ids.length; i++) {
                    select.setLong(i + 2, ids[i]);
                }
                List<Count> counts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.add(new Count(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4)));
                    }
                }
                return counts;
            }
        }, TIMEOUT);
    }

    /** Adds the newly stored events of a batch, all received at {@code receivedAt}. */
    static void add(PreparedStatement add, List<NewEvent> accepted, List<StoredEvent> stored, long receivedAt)
            throws SQLException {
        record Type(long connectionId, String eventName) {
        }
        Map<Type, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < accepted.size(); i++) {
            if (!stored.get(i).duplicate()) {
                counts.merge(new Type(accepted.get(i).connectionId(), accepted.get(i).eventName()), 1L, Long::sum);
            }
        }
        for (Map.Entry<Type, Long> count : counts.entrySet()) {
            add.setLong(1, count.getKey().connectionId());
            add.setLong(2, receivedAt / HOUR_MILLIS);
            add.setString(3, count.getKey().eventName());
            add.setLong(4, count.getValue());
            add.executeUpdate();
        }
    }

    /** Takes away the events with these ids, about to be deleted in the same transaction. */
    static void subtract(Connection connection, List<Long> ids) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT connection_id, received_at / "
                + HOUR_MILLIS + ", event_name, count(*) FROM events WHERE id IN (" + marks + ")"
                + " GROUP BY connection_id, received_at / " + HOUR_MILLIS + ", event_name");
             PreparedStatement subtract = connection.prepareStatement("UPDATE event_hours SET events = events - ?"
                     + " WHERE connection_id = ? AND hour = ? AND event_name = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    subtract.setLong(1, rows.getLong(4));
                    subtract.setLong(2, rows.getLong(1));
                    subtract.setLong(3, rows.getLong(2));
                    subtract.setString(4, rows.getString(3));
                    subtract.executeUpdate();
                }
            }
        }
    }

    /** Forgets the counts of connection {@code id}. */
    static int forgetConnection(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM event_hours WHERE connection_id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate();
        }
    }

    /** Forgets the counts of the whole hours before {@code cutoffMillis}'s (retention). */
    static int forgetBefore(Connection connection, long cutoffMillis) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event_hours WHERE hour < ?")) {
            delete.setLong(1, cutoffMillis / HOUR_MILLIS);
            return delete.executeUpdate();
        }
    }
}
