package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The destinations events are forwarded to, and the deliveries to them that wait for another attempt or failed
 * for good ({@link Delivery}). A destination follows its connection's events in id order: its {@code position} is
 * the last event handed over, delivered or with a delivery row of its own.
 *
 * <p>Event types are kept comma-separated and headers as {@code Name: value} lines: both were checked before (a type
 * is a word, a header has no line break), so neither needs escaping.
 *
 * <p>Every write goes through the {@link EventWriter}, between two event batches: on SQLite a write from the pool
 * would wait for the write lock, which a busy writer hardly ever lets go (forwarding to a receiver on the same
 * machine made 30 deliveries a second that way while ingest ran).
 *
 * <p>Thread-safe.
 */
public final class Destinations {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String COLUMNS = "id, connection_id, url, event_types, headers, secret, parallel,"
            + " old_secret, old_secret_until, paused_at, paused_reason, failing_since, last_error, position,"
            + " created_at";
    private static final String DELIVERY_COLUMNS = "destination_id, event_id, attempts, next_attempt_at, last_status,"
            + " last_error, updated_at";

    private final EventWriter writer;
    private final StorePool pool;

    Destinations(EventWriter writer, StorePool pool) {
        this.writer = writer;
        this.pool = pool;
    }

    /**
     * Adds a destination for connection {@code connectionId}, which forwards the events stored from now on.
     *
     * @return it
     */
    public Destination create(long connectionId, String url, List<String> eventTypes, Map<String, String> headers,
                              boolean parallel, String secret, long now) {
        return writer.run(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO destinations (connection_id,"
                    + " url, event_types, headers, secret, parallel, position, created_at) VALUES (?, ?, ?, ?, ?, ?,"
                    + " (SELECT coalesce(max(id), 0) FROM events), ?) RETURNING id")) {
                insert.setLong(1, connectionId);
                insert.setString(2, url);
                insert.setString(3, String.join(",", eventTypes));
                insert.setString(4, headersText(headers));
                insert.setString(5, secret);
                insert.setInt(6, parallel ? 1 : 0);
                insert.setLong(7, now);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            return select(connection, " WHERE id = ?", id).getFirst();
        }, TIMEOUT);
    }

    /** Connection {@code connectionId}'s destinations, oldest first. */
    public List<Destination> of(long connectionId) {
        return pool.call(connection -> select(connection, " WHERE connection_id = ? ORDER BY id", connectionId),
                TIMEOUT);
    }

    /** Destination {@code id} of connection {@code connectionId}, if there is one. */
    public Optional<Destination> one(long connectionId, long id) {
        return pool.call(connection -> select(connection, " WHERE connection_id = ? AND id = ?", connectionId, id),
                TIMEOUT).stream().findFirst();
    }

    /** Destination {@code id}, if it is still there. */
    public Optional<Destination> byId(long id) {
        return pool.call(connection -> select(connection, " WHERE id = ?", id), TIMEOUT).stream().findFirst();
    }

    /** Every destination, oldest first. */
    public List<Destination> all() {
        return pool.call(connection -> select(connection, " ORDER BY id"), TIMEOUT);
    }

    /**
     * Sets what destination {@code id} forwards where, and how; whether it is paused is {@link #pause}'s and
     * {@link #resume}'s, so that a change never undoes a pause made meanwhile (by a 410, say).
     */
    public void update(long id, String url, List<String> eventTypes, Map<String, String> headers, boolean parallel) {
        run("UPDATE destinations SET url = ?, event_types = ?, headers = ?, parallel = ? WHERE id = ?", url,
                String.join(",", eventTypes), headersText(headers), parallel ? 1 : 0, id);
    }

    /** Resumes destination {@code id} where it stopped, its failures forgotten. */
    public void resume(long id) {
        run("UPDATE destinations SET paused_at = NULL, paused_reason = NULL, failing_since = NULL WHERE id = ?", id);
    }

    /** Pauses destination {@code id} at {@code now} for {@code reason}, unless it is paused already. */
    public void pause(long id, long now, String reason) {
        run("UPDATE destinations SET paused_at = ?, paused_reason = ? WHERE id = ? AND paused_at IS NULL", now,
                reason, id);
    }

    /** A new signing secret; the old one signs too until {@code oldUntil}. */
    public void rotateSecret(long id, String secret, long oldUntil) {
        run("UPDATE destinations SET old_secret = secret, old_secret_until = ?, secret = ? WHERE id = ?", oldUntil,
                secret, id);
    }

    /** Deletes destination {@code id} and its deliveries. */
    public void delete(long id) {
        writer.run(connection -> {
            for (String table : List.of("deliveries WHERE destination_id = ?", "destinations WHERE id = ?")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table)) {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                }
            }
            return null;
        }, TIMEOUT);
    }

    /** Deletes connection {@code connectionId}'s destinations and their deliveries, in {@code connection}'s work. */
    static void forgetConnection(Connection connection, long connectionId) throws SQLException {
        for (String table : List.of("deliveries WHERE destination_id IN (SELECT id FROM destinations"
                + " WHERE connection_id = ?)", "destinations WHERE connection_id = ?")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table)) {
                delete.setLong(1, connectionId);
                delete.executeUpdate();
            }
        }
    }

    /**
     * Makes {@code instance} the one that forwards to destination {@code id} until {@code until}, if it already is
     * or the lease of the one that was has run out: one instance at a time attempts a destination's deliveries.
     *
     * @return whether {@code instance} holds the lease now
     */
    public boolean lead(long id, String instance, long now, long until) {
        return run("UPDATE destinations SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_owner = ?"
                + " OR lease_owner IS NULL OR lease_until < ?)", instance, until, id, instance, now) == 1;
    }

    /** Gives up {@code instance}'s lease of destination {@code id}, so that another instance may take over at once. */
    public void resign(long id, String instance) {
        run("UPDATE destinations SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?", id,
                instance);
    }

    /**
     * Records how far destination {@code id} got, if {@code instance} still leads it: events up to {@code position}
     * handed over, failing since {@code failingSince} (null: it delivers) with {@code lastError}.
     */
    public void progress(long id, String instance, long position, Long failingSince, String lastError) {
        run("UPDATE destinations SET position = ?, failing_since = ?, last_error = ? WHERE id = ? AND lease_owner = ?",
                position, failingSince, lastError, id, instance);
    }

    /** The deliveries of destination {@code id} due at {@code now}, lowest event first, at most {@code limit}. */
    public List<Delivery> due(long id, long now, int limit) {
        return deliveries(" WHERE destination_id = ? AND next_attempt_at <= ? ORDER BY event_id LIMIT ?", id, now,
                limit);
    }

    /** The delivery of event {@code eventId} to destination {@code id}, if it is waiting or failed. */
    public Optional<Delivery> delivery(long id, long eventId) {
        return deliveries(" WHERE destination_id = ? AND event_id = ?", id, eventId).stream().findFirst();
    }

    /** The deliveries to destination {@code id} that failed for good, newest event first, at most {@code limit}. */
    public List<Delivery> failed(long id, int limit) {
        return deliveries(" WHERE destination_id = ? AND next_attempt_at IS NULL ORDER BY event_id DESC LIMIT ?", id,
                limit);
    }

    /**
     * How many deliveries to a destination wait for another attempt, and how many failed for good.
     *
     * @param waiting deliveries with another attempt to come
     * @param failed  deliveries that failed for good
     */
    public record Counts(long waiting, long failed) {
    }

    public Counts counts(long id) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(CASE WHEN"
                    + " next_attempt_at IS NULL THEN 0 ELSE 1 END), 0), coalesce(sum(CASE WHEN next_attempt_at IS NULL"
                    + " THEN 1 ELSE 0 END), 0) FROM deliveries WHERE destination_id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Counts(row.getLong(1), row.getLong(2));
                }
            }
        }, TIMEOUT);
    }

    /**
     * When the oldest event that {@code destination} still waits to deliver was received: the first it has not
     * reached of the types it forwards, or one it retries; empty when it waits for none.
     */
    public Optional<Long> oldestWaiting(Destination destination) {
        return pool.call(connection -> {
            String types = destination.eventTypes().isEmpty() ? ""
                    : " AND event_name IN (" + String.join(", ", destination.eventTypes().stream().map(t -> "?")
                    .toList()) + ")";
            Long oldest = null;
            try (PreparedStatement next = connection.prepareStatement("SELECT received_at FROM events"
                    + " WHERE connection_id = ? AND id > ?" + types + " ORDER BY id LIMIT 1");
                 PreparedStatement retried = connection.prepareStatement("SELECT min(e.received_at) FROM deliveries v"
                         + " JOIN events e ON e.id = v.event_id WHERE v.destination_id = ?"
                         + " AND v.next_attempt_at IS NOT NULL")) {
                List<Object> parameters = new ArrayList<>(List.of(destination.connectionId(), destination.position()));
                parameters.addAll(destination.eventTypes());
                set(next, parameters.toArray());
                retried.setLong(1, destination.id());
                for (PreparedStatement select : List.of(next, retried)) {
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next() && row.getObject(1) != null) {
                            oldest = oldest == null ? row.getLong(1) : Math.min(oldest, row.getLong(1));
                        }
                    }
                }
            }
            return Optional.ofNullable(oldest);
        }, TIMEOUT);
    }

    /** When the next delivery to destination {@code id} waiting for another attempt is due, if one is. */
    public Optional<Long> nextDue(long id) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT min(next_attempt_at) FROM deliveries WHERE destination_id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return Optional.ofNullable(row.getObject(1) == null ? null : row.getLong(1));
                }
            }
        }, TIMEOUT);
    }

    /** Keeps {@code delivery}, replacing what was kept of it. */
    public void keep(Delivery delivery) {
        run("INSERT INTO deliveries (" + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                + " (destination_id, event_id) DO UPDATE SET attempts = excluded.attempts, next_attempt_at ="
                + " excluded.next_attempt_at, last_status = excluded.last_status, last_error = excluded.last_error,"
                + " updated_at = excluded.updated_at", delivery.destinationId(), delivery.eventId(),
                delivery.attempts(), delivery.nextAttemptAt(), delivery.lastStatus(), delivery.lastError(),
                delivery.updatedAt());
    }

    /** Forgets the delivery of event {@code eventId} to destination {@code id}: it got there. */
    public void delivered(long id, long eventId) {
        run("DELETE FROM deliveries WHERE destination_id = ? AND event_id = ?", id, eventId);
    }

    /**
     * Asks for the events of destination {@code id}'s connection that {@code condition} selects (with
     * {@code parameters}, after the destination's id) to be sent again at {@code now}, whatever became of them
     * before: those of its types it was handed, and the one it retries. The events behind its position it reaches
     * in its own order; a delivery row for one of them would let it skip the events before.
     *
     * @return how many deliveries were asked for
     */
    private int again(long id, long now, String condition, Object... parameters) {
        Object[] all = new Object[parameters.length + 3];
        all[0] = now;
        all[1] = now;
        all[2] = id;
        System.arraycopy(parameters, 0, all, 3, parameters.length);
        return run("INSERT INTO deliveries (" + DELIVERY_COLUMNS + ") SELECT d.id, e.id, 0, ?, NULL, 'sent again on"
                + " request', ? FROM destinations d JOIN events e ON e.connection_id = d.connection_id WHERE d.id = ?"
                + " AND (e.id <= d.position OR e.id IN (SELECT event_id FROM deliveries WHERE destination_id = d.id))"
                + " AND (d.event_types = '' OR (',' || d.event_types || ',') LIKE ('%,' || e.event_name || ',%'))"
                + condition + " ON CONFLICT (destination_id, event_id) DO UPDATE SET"
                + " attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error,"
                + " updated_at = excluded.updated_at", all);
    }

    /** Sends events {@code eventIds} again; see {@link #again}. */
    public int sendAgain(long id, List<Long> eventIds, long now) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return again(id, now, " AND e.id IN (" + String.join(", ", eventIds.stream().map(e -> "?").toList()) + ")",
                eventIds.toArray());
    }

    /** Sends every delivery that failed for good again. */
    public int sendFailedAgain(long id, long now) {
        return again(id, now, " AND e.id IN (SELECT event_id FROM deliveries WHERE destination_id = d.id"
                + " AND next_attempt_at IS NULL)");
    }

    /** Sends the events received at or after {@code from} and before {@code to} again. */
    public int sendReceivedAgain(long id, Received received, long now) {
        return again(id, now, " AND e.received_at >= ? AND e.received_at < ?",
                received.from() == null ? Long.MIN_VALUE : received.from(),
                received.to() == null ? Long.MAX_VALUE : received.to());
    }

    private List<Delivery> deliveries(String condition, Object... parameters) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + DELIVERY_COLUMNS
                    + " FROM deliveries" + condition)) {
                set(select, parameters);
                List<Delivery> found = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(new Delivery(row.getLong(1), row.getLong(2), row.getInt(3), nullableLong(row, 4),
                                row.getObject(5) == null ? null : row.getInt(5), row.getString(6), row.getLong(7)));
                    }
                }
                return found;
            }
        }, TIMEOUT);
    }

    private static List<Destination> select(Connection connection, String condition, Object... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM destinations"
                + condition)) {
            set(select, parameters);
            List<Destination> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String types = row.getString(4);
                    found.add(new Destination(row.getLong(1), row.getLong(2), row.getString(3),
                            types.isEmpty() ? List.of() : Arrays.asList(types.split(",")), headers(row.getString(5)),
                            row.getString(6), row.getInt(7) == 1, row.getString(8), row.getLong(9),
                            nullableLong(row, 10), row.getString(11), nullableLong(row, 12), row.getString(13),
                            row.getLong(14), row.getLong(15)));
                }
            }
            return found;
        }
    }

    private int run(String sql, Object... parameters) {
        return writer.run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                set(statement, parameters);
                return statement.executeUpdate();
            }
        }, TIMEOUT);
    }

    private static void set(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static String headersText(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        return text.toString();
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }
}
