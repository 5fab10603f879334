package io.jivohub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads stored events page by page.
 *
 * <p>A page holds at most {@link EventQuery#limit()} events and stops early once its bodies pass
 * {@link #PAGE_BYTES}, so memory follows the page, never the store, even when chats carry long transcripts.
 *
 * <p>Thread-safe.
 */
public final class Events {
    /** Body bytes after which a page ends even if {@code limit} is not reached (at least one event per page). */
    public static final int PAGE_BYTES = 8 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SELECT = "SELECT id, connection_id, event_name, received_at, body FROM events";

    private final StorePool pool;

    Events(StorePool pool) {
        this.pool = pool;
    }

    /**
     * Reads the events matching {@code query} (ascending id) and hands them to {@code render}, both on a store
     * thread: turning a page into a response is heavy work, and a platform thread shares the CPU with request
     * handling, where a virtual thread would keep a request carrier to itself until done.
     */
    public <T> T page(EventQuery query, Function<EventPage, T> render) {
        return select(" WHERE id > ?", query.afterId(), query.connectionId(), query.eventName(),
                query.received(), " ORDER BY id", query.limit(), render);
    }

    /**
     * The newest events of connection {@code connectionId} before id {@code beforeId}, newest first: of type
     * {@code eventName} unless it is null, {@code received} in range, at most {@code limit}.
     */
    public EventPage latest(long connectionId, long beforeId, String eventName, Received received, int limit) {
        return select(" WHERE id < ?", beforeId, connectionId, eventName, received, " ORDER BY id DESC", limit,
                page -> page);
    }

    /** Event {@code id} of connection {@code connectionId}, if it is there. */
    public Optional<EventRecord> one(long connectionId, long id) {
        return select(" WHERE id = ?", id, connectionId, null, Received.ANY, "", 1, EventPage::events).stream()
                .findFirst();
    }

    /** The events by id ({@code ids} with {@code id}) and the other conditions, in {@code order}. */
    private <T> T select(String ids, long id, Long connectionId, String eventName, Received received, String order,
                         int limit, Function<EventPage, T> render) {
        StringBuilder sql = new StringBuilder(SELECT + ids);
        List<Object> parameters = new ArrayList<>(List.of(id));
        if (connectionId != null) {
            sql.append(" AND connection_id = ?");
            parameters.add(connectionId);
        }
        if (eventName != null) {
            sql.append(" AND event_name = ?");
            parameters.add(eventName);
        }
        if (received.from() != null) {
            sql.append(" AND received_at >= ?");
            parameters.add(received.from());
        }
        if (received.to() != null) {
            sql.append(" AND received_at < ?");
            parameters.add(received.to());
        }
        sql.append(order).append(" LIMIT ?");
        parameters.add(limit + 1);

        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                EventPage page;
                try (ResultSet rows = select.executeQuery()) {
                    page = read(rows, limit);
                }
                return render.apply(page);
            }
        }, TIMEOUT);
    }

    /**
     * What changes whenever the events of a connection change: its newest event id, and how many events were ever
     * removed from the store (an erasure removes events without a new id).
     */
    public record Mark(long newestId, long removed) {
    }

    public Mark mark(long connectionId) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT (SELECT max(id) FROM events"
                    + " WHERE connection_id = ?), removed FROM events_state WHERE id = 1")) {
                select.setLong(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Mark(row.getLong(1), row.getLong(2));
                }
            }
        }, TIMEOUT);
    }

    private static EventPage read(ResultSet rows, int limit) throws SQLException {
        List<EventRecord> events = new ArrayList<>();
        long bytes = 0;
        while (rows.next()) {
            if (events.size() == limit || bytes >= PAGE_BYTES) {
                return new EventPage(events, true);
            }
            EventRecord event = new EventRecord(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4),
                    rows.getBytes(5));
            events.add(event);
            bytes += event.body().length;
        }
        return new EventPage(events, false);
    }
}
