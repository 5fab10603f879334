package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Deletes events: a connection's, those older than the retention, or chosen ones (erasure).
 *
 * <p>Why in chunks through the {@link EventWriter}: deleting a million rows in one transaction would hold SQLite's
 * write lock (and PostgreSQL's commit order) for seconds, and every webhook would wait. Each chunk of
 * {@value #CHUNK} rows is one short transaction that the writer runs between two event batches, so ingest goes
 * on while a large deletion proceeds. A deletion cut short (a restart, a failure) leaves only whole chunks deleted;
 * running it again finishes it.
 *
 * <p>Thread-safe.
 */
public final class Deletions {
    static final int CHUNK = 2000;
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventWriter writer;
    private final StorePool pool;
    private final TableRows tableRows;

    /**
     * An event {@code e} that no destination still waits to deliver: one its destinations have all gone past, and
     * none of them retries. Retention keeps the others until they are delivered or have failed for good.
     */
    private static final String NOT_WAITING_TO_BE_FORWARDED = "NOT EXISTS (SELECT 1 FROM destinations d"
            + " WHERE d.connection_id = e.connection_id AND d.position < e.id) AND NOT EXISTS (SELECT 1 FROM"
            + " deliveries v WHERE v.event_id = e.id AND v.next_attempt_at IS NOT NULL)";

    Deletions(EventWriter writer, StorePool pool, TableRows tableRows) {
        this.writer = writer;
        this.pool = pool;
        this.tableRows = tableRows;
    }

    /**
     * Deletes every event of connection {@code id}, then the rows of its Jivo tables, then its destinations and
     * their deliveries with the connection, remembering its keys as dead (see {@link Connections#wasValid}). Revoke
     * it first, so that nothing new arrives meanwhile.
     *
     * @return the number of events deleted
     */
    public long deleteConnection(long id) {
        long deleted = deleteChunks("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE connection_id = ?"
                + " ORDER BY id LIMIT " + CHUNK + ")", id);
        int rows;
        do {
            rows = writer.run(connection -> TableRows.deleteChunk(connection, id), CHUNK_TIMEOUT);
        } while (rows == TableRows.CHUNK);
        writer.run(connection -> {
            while (TableRows.deleteChunk(connection, id) > 0) {
                // rows the projector folded meanwhile; it folds none once the connection is gone
            }
            long now = System.currentTimeMillis();
            for (String keys : List.of(DeadKeys.WEBHOOK_KEY, DeadKeys.READ_KEY, DeadKeys.RETIRED_KEYS)) {
                DeadKeys.bury(connection, keys, id, now);
            }
            EventColumns.forgetConnection(connection, id);
            EventHours.forgetConnection(connection, id);
            Destinations.forgetConnection(connection, id);
            AgentAnswers.forgetConnection(connection, id);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM connections WHERE id = ?")) {
                delete.setLong(1, id);
                return delete.executeUpdate();
            }
        }, CHUNK_TIMEOUT);
        return deleted;
    }

    /**
     * Deletes every event received before {@code cutoffMillis} that no destination waits to deliver, and turns the
     * rows of the Jivo tables whose newest event was received before it into tombstones.
     *
     * <p>received_at grows with the id, so the old events are the first ids: the deletion only looks at ids below
     * the first event that is recent enough, and never scans the rest of the table.
     *
     * @return the number of events deleted
     */
    public long deleteReceivedBefore(long cutoffMillis) {
        long firstKept = pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM events WHERE received_at >= ? ORDER BY id LIMIT 1")) {
                select.setLong(1, cutoffMillis);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : Long.MAX_VALUE;
                }
            }
        }, TIMEOUT);
        long deleted = deleteChunks("DELETE FROM events WHERE id IN (SELECT id FROM events e WHERE id < ?"
                + " AND received_at < ? AND " + NOT_WAITING_TO_BE_FORWARDED + " ORDER BY id LIMIT " + CHUNK + ")",
                firstKept, cutoffMillis);
        tableRows.removeOlderThan(cutoffMillis);
        writer.run(connection -> EventHours.forgetBefore(connection, cutoffMillis), CHUNK_TIMEOUT);
        return deleted;
    }

    /** Deletes the events with these ids. @return the number deleted */
    public long deleteEvents(List<Long> ids) {
        long deleted = 0;
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            deleted += writer.run(connection -> {
                Projection.lock(connection);
                EventHours.subtract(connection, chunk);
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        delete.setLong(i + 1, chunk.get(i));
                    }
                    return counted(connection, delete.executeUpdate());
                }
            }, CHUNK_TIMEOUT);
        }
        return deleted;
    }

    /** Counts {@code deleted} events as removed, so that readers learn that the events changed; @return it */
    private static int counted(Connection connection, int deleted) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "UPDATE events_state SET removed = removed + ? WHERE id = 1")) {
            count.setLong(1, deleted);
            count.executeUpdate();
        }
        return deleted;
    }

    /** Runs {@code sql}, which deletes at most {@link #CHUNK} rows, until it deletes fewer. */
    private long deleteChunks(String sql, long... parameters) {
        long total = 0;
        int deleted;
        do {
            deleted = writer.run(connection -> {
                Projection.lock(connection);
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        delete.setLong(i + 1, parameters[i]);
                    }
                    return counted(connection, delete.executeUpdate());
                }
            }, CHUNK_TIMEOUT);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
