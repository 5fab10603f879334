package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The projector's state and its commits: where it is in the events, which build of the tables is current, and
 * the rows it folds.
 *
 * <p>Every commit is a compare-and-set, so that nothing is folded twice or from a stale row, whoever else writes:
 * the projector's position must be the one it started from (another instance may have folded the same events
 * first), no event it folded may have been deleted meanwhile (an erasure, retention), and every row must still be
 * at the version it was folded from (a tombstone may have come in between). If any of it fails, nothing of the
 * fold is committed and the projector reads again. The commits run on the {@link EventWriter}'s thread, between
 * two event batches, like every other write.
 *
 * <p>A rebuild starts a new generation at position 0. Until it has caught up with the events stored when it
 * started, the tables are not {@linkplain Status#ready() ready}; then rows of the older generation that the new
 * rules did not fold again become tombstones, and the new generation is ready.
 *
 * <p>Thread-safe.
 */
public final class Projection {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int IN_LIST = 500;

    /**
     * The projector's state.
     *
     * @param rulesVersion the version of the rules the tables are built by; 0 before the first build
     * @param generation   the current build
     * @param position     the last event id folded
     * @param builtUntil   the newest event id when this build started
     * @param ready        whether this build caught up and the older one's rows were tombstoned
     * @param leader       the instance that folds, or null
     * @param leaseUntil   epoch milliseconds until which it does; after that another instance may take over
     */
    public record Status(int rulesVersion, long generation, long position, long builtUntil, boolean ready,
                         String leader, long leaseUntil) {
    }

    private final EventWriter writer;
    private final StorePool pool;

    Projection(EventWriter writer, StorePool pool) {
        this.writer = writer;
        this.pool = pool;
    }

    public Status status() {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT rules_version, generation, position, built_until, ready, leader, lease_until"
                            + " FROM projection WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return new Status(row.getInt(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getInt(5) == 1,
                        row.getString(6), row.getLong(7));
            }
        }, TIMEOUT);
    }

    /**
     * Makes {@code instance} the one that folds until {@code until} (epoch milliseconds), if it already is, or the
     * lease of the one that was has run out: several instances on one database then fold one at a time.
     *
     * @return whether {@code instance} holds the lease now
     */
    public boolean lead(String instance, long now, long until) {
        return writer.run(connection -> {
            try (PreparedStatement lead = connection.prepareStatement("UPDATE projection SET leader = ?,"
                    + " lease_until = ? WHERE id = 1 AND (leader = ? OR leader IS NULL OR lease_until < ?)")) {
                lead.setString(1, instance);
                lead.setLong(2, until);
                lead.setString(3, instance);
                lead.setLong(4, now);
                return lead.executeUpdate() == 1;
            }
        }, TIMEOUT);
    }

    /** Gives up {@code instance}'s lease, so that another instance takes over at once. */
    public void resign(String instance) {
        writer.run(connection -> {
            try (PreparedStatement resign = connection.prepareStatement("UPDATE projection SET leader = NULL,"
                    + " lease_until = 0 WHERE id = 1 AND leader = ?")) {
                resign.setString(1, instance);
                return resign.executeUpdate();
            }
        }, TIMEOUT);
    }

    /**
     * Starts building the tables anew by {@code rules}, unless another instance just did.
     *
     * @return whether this call started it
     */
    public boolean startBuild(Status from, int rules) {
        return writer.run(connection -> {
            try (PreparedStatement start = connection.prepareStatement("UPDATE projection SET rules_version = ?,"
                    + " generation = generation + 1, position = 0, ready = 0,"
                    + " built_until = (SELECT coalesce(max(id), 0) FROM events)"
                    + " WHERE id = 1 AND rules_version = ? AND generation = ?")) {
                start.setInt(1, rules);
                start.setInt(2, from.rulesVersion());
                start.setLong(3, from.generation());
                return start.executeUpdate() == 1;
            }
        }, TIMEOUT);
    }

    /**
     * At most {@code limit} events after {@code afterId}, ascending, ending early past {@code maxBytes} of bodies
     * (at least one). The sizes are read first, so that no driver loads more bodies than the chunk takes.
     */
    public List<EventRecord> eventsAfter(long afterId, int limit, long maxBytes) {
        return pool.call(connection -> {
            long lastId = afterId;
            try (PreparedStatement sizes = connection.prepareStatement(
                    "SELECT id, length(body) FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
                sizes.setLong(1, afterId);
                sizes.setInt(2, limit);
                long bytes = 0;
                try (ResultSet rows = sizes.executeQuery()) {
                    while (bytes < maxBytes && rows.next()) {
                        lastId = rows.getLong(1);
                        bytes += rows.getLong(2);
                    }
                }
            }
            List<EventRecord> events = new ArrayList<>();
            if (lastId == afterId) {
                return events;
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT id, connection_id, event_name,"
                    + " received_at, body FROM events WHERE id > ? AND id <= ? ORDER BY id")) {
                select.setLong(1, afterId);
                select.setLong(2, lastId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new EventRecord(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                rows.getLong(4), rows.getBytes(5)));
                    }
                }
            }
            return events;
        }, TIMEOUT);
    }

    /**
     * How far the current build is: events folded and events to fold, counted (ids have gaps after retention).
     *
     * @return {folded, of}
     */
    public long[] progress(Status status) {
        return pool.call(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT"
                    + " (SELECT count(*) FROM events WHERE id <= ?), (SELECT count(*) FROM events WHERE id <= ?)")) {
                count.setLong(1, Math.min(status.position(), status.builtUntil()));
                count.setLong(2, status.builtUntil());
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return new long[] {result.getLong(1), result.getLong(2)};
                }
            }
        }, TIMEOUT);
    }

    /**
     * Takes the projection's row lock for the rest of {@code connection}'s transaction: every write that deletes
     * events or removes rows takes it first, so that it waits for a fold being committed (which holds it from its
     * first statement) and no fold commits around it. On SQLite the write lock already does.
     */
    static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("UPDATE projection SET id = id WHERE id = 1")) {
            lock.executeUpdate();
        }
    }

    /** The stored rows of these keys, of any generation; keys without a row are left out. */
    public Map<RowKey, TableRow> rows(Collection<RowKey> keys) {
        Map<String, List<RowKey>> byTable = new LinkedHashMap<>();
        for (RowKey key : keys) {
            byTable.computeIfAbsent(key.connectionId() + " " + key.dataset(), table -> new ArrayList<>()).add(key);
        }
        return pool.call(connection -> {
            Map<RowKey, TableRow> rows = new HashMap<>();
            for (List<RowKey> table : byTable.values()) {
                for (int from = 0; from < table.size(); from += IN_LIST) {
                    List<RowKey> part = table.subList(from, Math.min(table.size(), from + IN_LIST));
                    try (PreparedStatement select = connection.prepareStatement(TableRows.SELECT
                            + " WHERE connection_id = ? AND dataset = ? AND row_key IN ("
                            + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
                        select.setLong(1, part.getFirst().connectionId());
                        select.setString(2, part.getFirst().dataset());
                        for (int i = 0; i < part.size(); i++) {
                            select.setString(i + 3, part.get(i).key());
                        }
                        try (ResultSet result = select.executeQuery()) {
                            while (result.next()) {
                                TableRow row = TableRows.read(result);
                                rows.put(row.key(), row);
                            }
                        }
                    }
                }
            }
            return rows;
        }, TIMEOUT);
    }

    /**
     * Commits a fold: the events after {@code from}'s position up to {@code position} ({@code events} of them, all
     * read), and the rows they changed, each at a new version. Rows of connections deleted meanwhile are left out.
     *
     * @return whether it was committed; if not, nothing was, and the projector must read again
     */
    public boolean commit(Status from, long position, int events, List<RowChange> changes) {
        return writer.run(connection -> {
            boolean committed = advance(connection, from, position) && eventsStillThere(connection, from, position,
                    events) && write(connection, from.generation(), changes);
            if (!committed) {
                connection.rollback();
            }
            return committed;
        }, TIMEOUT);
    }

    /**
     * Up to a chunk of rows of generations before the current one that are not tombstones yet: left over from
     * before a rebuild.
     */
    public List<TableRow> leftOver(Status status) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(TableRows.SELECT
                    + " WHERE generation < ? AND deleted = 0 LIMIT ?")) {
                select.setLong(1, status.generation());
                select.setInt(2, TableRows.CHUNK);
                List<TableRow> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(TableRows.read(result));
                    }
                }
                return rows;
            }
        }, TIMEOUT);
    }

    /**
     * Ends a build that has caught up: turns {@code leftOver} rows into tombstones of the current generation, and,
     * when there were none left, marks the build ready.
     *
     * @return whether it was committed (the projector's state was still {@code from})
     */
    public boolean finishBuild(Status from, List<TableRow> leftOver) {
        return writer.run(connection -> {
            boolean committed = advance(connection, from, from.position())
                    && TableRows.tombstone(connection, leftOver, from.generation());
            if (committed && leftOver.isEmpty()) {
                try (PreparedStatement ready = connection.prepareStatement("UPDATE projection SET ready = 1"
                        + " WHERE id = 1")) {
                    ready.executeUpdate();
                }
            }
            if (!committed) {
                connection.rollback();
            }
            return committed;
        }, TIMEOUT);
    }

    /** Moves the position from {@code from}'s to {@code position}, if it is still {@code from}'s. */
    private static boolean advance(Connection connection, Status from, long position) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement("UPDATE projection SET position = ?"
                + " WHERE id = 1 AND generation = ? AND position = ?")) {
            advance.setLong(1, position);
            advance.setLong(2, from.generation());
            advance.setLong(3, from.position());
            return advance.executeUpdate() == 1;
        }
    }

    /** Whether all {@code events} events read after {@code from}'s position up to {@code position} still exist. */
    private static boolean eventsStillThere(Connection connection, Status from, long position, int events)
            throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM events WHERE id > ? AND id <= ?")) {
            count.setLong(1, from.position());
            count.setLong(2, position);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1) == events;
            }
        }
    }

    private static boolean write(Connection connection, long generation, List<RowChange> changes)
            throws SQLException {
        List<RowChange> inserts = new ArrayList<>();
        List<RowChange> updates = new ArrayList<>();
        List<RowChange> touches = new ArrayList<>();
        for (RowChange change : changes) {
            (change.fromVersion() == 0 ? inserts : change.changed() ? updates : touches).add(change);
        }
        long version = RowVersions.take(connection, inserts.size() + updates.size());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO table_rows (connection_id, dataset,"
                + " row_key, row_version, generation, deleted, last_event_at, state)"
                + " SELECT ?, ?, ?, ?, ?, 0, ?, ? WHERE EXISTS (SELECT 1 FROM connections WHERE id = ?)"
                + " ON CONFLICT (connection_id, dataset, row_key) DO NOTHING");
             PreparedStatement update = connection.prepareStatement("UPDATE table_rows SET row_version = ?,"
                     + " generation = ?, deleted = ?, last_event_at = ?, state = ?"
                     + " WHERE connection_id = ? AND dataset = ? AND row_key = ? AND row_version = ?");
             PreparedStatement touch = connection.prepareStatement("UPDATE table_rows SET generation = ?"
                     + " WHERE connection_id = ? AND dataset = ? AND row_key = ? AND row_version = ?")) {
            for (RowChange change : inserts) {
                insert.setLong(1, change.key().connectionId());
                insert.setString(2, change.key().dataset());
                insert.setString(3, change.key().key());
                insert.setLong(4, version++);
                insert.setLong(5, generation);
                insert.setLong(6, change.lastEventAt());
                insert.setBytes(7, change.state());
                insert.setLong(8, change.key().connectionId());
                insert.addBatch();
            }
            for (RowChange change : updates) {
                update.setLong(1, version++);
                update.setLong(2, generation);
                update.setInt(3, change.deleted() ? 1 : 0);
                update.setLong(4, change.lastEventAt());
                update.setBytes(5, change.deleted() ? TableRows.EMPTY : change.state());
                setKey(update, 6, change);
                update.addBatch();
            }
            for (RowChange change : touches) {
                touch.setLong(1, generation);
                setKey(touch, 2, change);
                touch.addBatch();
            }
            return insertedOrGone(connection, inserts, insert.executeBatch()) && allOne(update.executeBatch())
                    && allOne(touch.executeBatch());
        }
    }

    private static void setKey(PreparedStatement statement, int first, RowChange change) throws SQLException {
        statement.setLong(first, change.key().connectionId());
        statement.setString(first + 1, change.key().dataset());
        statement.setString(first + 2, change.key().key());
        statement.setLong(first + 3, change.fromVersion());
    }

    private static boolean allOne(int[] counts) {
        for (int count : counts) {
            if (count != 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether each insert either stored its row or found its connection deleted (not a row made meanwhile). */
    private static boolean insertedOrGone(Connection connection, List<RowChange> inserts, int[] counts)
            throws SQLException {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 1 && Connections.exists(connection, inserts.get(i).key().connectionId())) {
                return false;
            }
        }
        return true;
    }
}
