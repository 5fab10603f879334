package io.jivohub.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of the Jivo tables, for reading in row-version order and for removing: a removed row becomes a
 * tombstone (its key, {@code deleted}, a new version), so that a reader following the versions learns of it.
 * Rows go for good only with their connection.
 *
 * <p>Thread-safe.
 */
public final class TableRows {
    static final String SELECT = "SELECT connection_id, dataset, row_key, row_version, generation, deleted,"
            + " last_event_at, state FROM table_rows";
    static final int CHUNK = Deletions.CHUNK;
    /** A tombstone's state: nothing but its key, which is in {@code row_key}. */
    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * One page of a dataset's rows.
     *
     * @param rows the rows, in the order asked for
     * @param more whether more rows follow the last one
     */
    public record Page(List<TableRow> rows, boolean more) {
    }

    private final EventWriter writer;
    private final StorePool pool;

    TableRows(EventWriter writer, StorePool pool) {
        this.writer = writer;
        this.pool = pool;
    }

    /**
     * The rows of {@code dataset} of a connection with a version above {@code afterVersion} whose newest event was
     * {@code received} in range, at most {@code limit}, tombstones included, handed to {@code render} on a store thread (see {@link Events#page}).
     */
    public <T> T page(long connectionId, String dataset, long afterVersion, int limit, Received received,
                      Function<Page, T> render) {
        return pool.call(connection -> render.apply(select(connection, connectionId, dataset,
                " AND row_version > ?", afterVersion, received, " ORDER BY row_version", limit)), TIMEOUT);
    }

    /**
     * The live rows of {@code dataset} of a connection that changed last, before version {@code beforeVersion},
     * whose newest event was {@code received} in range, newest first, at most {@code limit}: what the dashboard
     * shows of a table.
     */
    public Page latest(long connectionId, String dataset, long beforeVersion, Received received, int limit) {
        return pool.call(connection -> select(connection, connectionId, dataset,
                " AND row_version < ? AND deleted = 0", beforeVersion, received, " ORDER BY row_version DESC", limit),
                TIMEOUT);
    }

    /** A page of a connection's rows of {@code dataset}: {@code versions} with {@code version}, in {@code order}. */
    private static Page select(Connection connection, long connectionId, String dataset, String versions,
                               long version, Received received, String order, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE connection_id = ?"
                + " AND dataset = ?" + versions + (received.from() == null ? "" : " AND last_event_at >= ?")
                + (received.to() == null ? "" : " AND last_event_at < ?") + order + " LIMIT ?")) {
            int parameter = 1;
            select.setLong(parameter++, connectionId);
            select.setString(parameter++, dataset);
            select.setLong(parameter++, version);
            if (received.from() != null) {
                select.setLong(parameter++, received.from());
            }
            if (received.to() != null) {
                select.setLong(parameter++, received.to());
            }
            select.setInt(parameter, limit + 1);
            List<TableRow> rows = new ArrayList<>();
            boolean more = false;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    if (rows.size() == limit) {
                        more = true;
                        break;
                    }
                    rows.add(read(result));
                }
            }
            return new Page(rows, more);
        }
    }

    /**
     * Turns every row of a connection's dataset whose key begins with {@code prefix}'s key text into a tombstone.
     */
    public void removeByPrefix(RowKey prefix) {
        String like = prefix.key().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<RowKey> keys = pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT row_key FROM table_rows"
                    + " WHERE connection_id = ? AND dataset = ? AND row_key LIKE ? ESCAPE '\\' AND deleted = 0")) {
                select.setLong(1, prefix.connectionId());
                select.setString(2, prefix.dataset());
                select.setString(3, like);
                List<RowKey> found = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        found.add(new RowKey(prefix.connectionId(), prefix.dataset(), result.getString(1)));
                    }
                }
                return found;
            }
        }, TIMEOUT);
        remove(keys);
    }

    /**
     * The highest row version of a connection's dataset, 0 when it has no rows: it changes whenever any row does,
     * tombstones included, so it tells whether anything changed since.
     */
    public long lastVersion(long connectionId, String dataset) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(row_version), 0)"
                    + " FROM table_rows WHERE connection_id = ? AND dataset = ?")) {
                select.setLong(1, connectionId);
                select.setString(2, dataset);
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        }, TIMEOUT);
    }

    /** Turns the rows of these keys into tombstones (those that exist and are not yet). */
    public void remove(List<RowKey> keys) {
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<RowKey> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            writer.run(connection -> {
                Projection.lock(connection);
                List<TableRow> rows = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT
                        + " WHERE connection_id = ? AND dataset = ? AND row_key = ? AND deleted = 0")) {
                    for (RowKey key : chunk) {
                        select.setLong(1, key.connectionId());
                        select.setString(2, key.dataset());
                        select.setString(3, key.key());
                        try (ResultSet result = select.executeQuery()) {
                            if (result.next()) {
                                rows.add(read(result));
                            }
                        }
                    }
                }
                return tombstone(connection, rows, generationOf(connection));
            }, TIMEOUT);
        }
    }

    /** Turns every row whose newest event was received before {@code cutoffMillis} into a tombstone. */
    long removeOlderThan(long cutoffMillis) {
        long removed = 0;
        int chunk;
        do {
            chunk = writer.run(connection -> {
                Projection.lock(connection);
                List<TableRow> rows = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT
                        + " WHERE last_event_at < ? AND deleted = 0 LIMIT " + CHUNK)) {
                    select.setLong(1, cutoffMillis);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            rows.add(read(result));
                        }
                    }
                }
                tombstone(connection, rows, generationOf(connection));
                return rows.size();
            }, TIMEOUT);
            removed += chunk;
        } while (chunk == CHUNK);
        return removed;
    }

    /** Deletes up to {@link #CHUNK} rows of connection {@code id}, tombstones too; @return how many */
    static int deleteChunk(Connection connection, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM table_rows WHERE (connection_id,"
                + " dataset, row_key) IN (SELECT connection_id, dataset, row_key FROM table_rows"
                + " WHERE connection_id = ? LIMIT " + CHUNK + ")")) {
            delete.setLong(1, id);
            return delete.executeUpdate();
        }
    }

    /**
     * Makes tombstones of {@code rows}, each at a new version, in {@code generation}.
     *
     * @return whether every row was still at the version read (else the caller rolls back)
     */
    static boolean tombstone(Connection connection, List<TableRow> rows, long generation) throws SQLException {
        if (rows.isEmpty()) {
            return true;
        }
        long version = RowVersions.take(connection, rows.size());
        try (PreparedStatement update = connection.prepareStatement("UPDATE table_rows SET row_version = ?,"
                + " generation = ?, deleted = 1, state = ? WHERE connection_id = ? AND dataset = ? AND row_key = ?"
                + " AND row_version = ?")) {
            for (TableRow row : rows) {
                update.setLong(1, version++);
                update.setLong(2, generation);
                update.setBytes(3, EMPTY);
                update.setLong(4, row.key().connectionId());
                update.setString(5, row.key().dataset());
                update.setString(6, row.key().key());
                update.setLong(7, row.rowVersion());
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                if (count != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    static TableRow read(ResultSet result) throws SQLException {
        return new TableRow(new RowKey(result.getLong(1), result.getString(2), result.getString(3)),
                result.getLong(4), result.getLong(5), result.getInt(6) == 1, result.getLong(7), result.getBytes(8));
    }

    private static long generationOf(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT generation FROM projection WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
