package io.jivohub.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections get_key creates, and their lookup by secret.
 *
 * <p>Secrets are looked up by their SHA-256 through a unique index, never compared as text, so the time a lookup
 * takes says nothing about how much of a guessed key was right. The keys themselves are kept too, because
 * get_key answers a repeated request with the same URLs.
 *
 * <p>Webhook lookups sit on the ingest path, so found connections are remembered: after the first event, ingest
 * does not wait for the store pool, which a long export may be keeping busy. Misses always ask the database, so a
 * connection created a moment ago (or by another instance) is found.
 *
 * <p>Thread-safe.
 */
public final class Connections {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String COLUMNS = "id, account_name, event_name, webhook_key, read_key, created_at";

    private final StorePool pool;
    private final Map<String, Connection> byWebhookKeyHash = new ConcurrentHashMap<>();

    Connections(StorePool pool) {
        this.pool = pool;
    }

    /**
     * What {@link #createOrGet} found.
     *
     * @param connection the connection for the account and event type
     * @param created    whether this call created it
     */
    public record Result(Connection connection, boolean created) {
    }

    /**
     * Creates the connection of {@code accountName} and {@code eventName} with the given keys, or returns the one
     * that exists (then the given keys are not used). A unique constraint decides, so concurrent calls agree.
     */
    public Result createOrGet(String accountName, String eventName, String webhookKey, String readKey,
                              long createdAt) {
        return pool.call(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO connections
                        (account_name, event_name, webhook_key, webhook_key_hash, read_key, read_key_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_name, event_name) DO NOTHING""");
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT " + COLUMNS + " FROM connections WHERE account_name = ? AND event_name = ?")) {
                insert.setString(1, accountName);
                insert.setString(2, eventName);
                insert.setString(3, webhookKey);
                insert.setBytes(4, hash(webhookKey));
                insert.setString(5, readKey);
                insert.setBytes(6, hash(readKey));
                insert.setLong(7, createdAt);
                boolean created = insert.executeUpdate() == 1;
                select.setString(1, accountName);
                select.setString(2, eventName);
                Connection found;
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    found = read(row);
                }
                connection.commit();
                return new Result(found, created);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }, TIMEOUT);
    }

    /** The connection whose webhook URL carries {@code key}. */
    public Optional<Connection> byWebhookKey(String key) {
        String hash = HexFormat.of().formatHex(hash(key));
        Connection known = byWebhookKeyHash.get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Connection> found = findBy("webhook_key_hash", key);
        found.ifPresent(connection -> byWebhookKeyHash.put(hash, connection));
        return found;
    }

    /** The connection whose data URL carries {@code key}. */
    public Optional<Connection> byReadKey(String key) {
        return findBy("read_key_hash", key);
    }

    private Optional<Connection> findBy(String hashColumn, String key) {
        byte[] hash = hash(key);
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM connections WHERE " + hashColumn + " = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        }, TIMEOUT);
    }

    private static Connection read(ResultSet row) throws SQLException {
        return new Connection(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getLong(6));
    }

    private static byte[] hash(String key) {
        return NewEvent.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
