package io.jivohub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jivohub.keys.Keys;

/**
 * The connections get_key creates: their lookup by secret, and their management (revoke, rotate, report).
 *
 * <p>Secrets are looked up by their SHA-256 through a unique index, never compared as text, so the time a lookup
 * takes says nothing about how much of a guessed key was right. The keys themselves are kept too, because
 * get_key answers a repeated request with the same URLs and the admin may see them again.
 *
 * <p>Webhook lookups sit on the ingest path, so found connections are remembered for {@link #REMEMBER}: ingest
 * then rarely waits for the store pool, which a long export may be keeping busy. Remembering is only a shortcut:
 * the commit of every event checks its key again (see {@link EventWriter}), so a revocation or rotation made by
 * any instance holds from the moment it is answered. Changes made here also forget everything remembered, so that
 * this instance answers 404 at once even for events it would not store. Misses always ask the database.
 *
 * <p>Thread-safe.
 */
public final class Connections {
    /** How long a found webhook key is trusted before the database is asked again. */
    static final Duration REMEMBER = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String COLUMNS = "connections.id, connections.account_name, connections.event_name,"
            + " connections.webhook_key, connections.read_key, connections.created_at, connections.revoked_at";
    private static final String REPORT_COLUMNS = COLUMNS + ", last_event_at, silent_after_hours"
            + Stream.of(Outcome.values()).map(outcome -> ", " + outcome.column()).collect(Collectors.joining());
    /**
     * The connection whose valid key has the hash {@code ?}, with the expiry of that key when it is a rotated-out
     * one. The candidates come from the two unique key indexes; {@link ValidKey} then decides.
     */
    private static final String BY_WEBHOOK_KEY = "SELECT " + COLUMNS + ", (SELECT r.expires_at"
            + " FROM retired_webhook_keys r WHERE r.connection_id = connections.id AND r.key_hash = ?)"
            + " FROM connections WHERE connections.id IN (SELECT id FROM connections WHERE webhook_key_hash = ?"
            + " UNION ALL SELECT connection_id FROM retired_webhook_keys WHERE key_hash = ?) AND " + ValidKey.CONDITION;

    private record Remembered(Connection connection, long untilMillis) {
    }

    private final StorePool pool;
    private final Map<String, Remembered> byWebhookKeyHash = new ConcurrentHashMap<>();

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
        return pool.transaction(connection -> {
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
                insert.setBytes(4, Keys.hash(webhookKey));
                insert.setString(5, readKey);
                insert.setBytes(6, Keys.hash(readKey));
                insert.setLong(7, createdAt);
                boolean created = insert.executeUpdate() == 1;
                select.setString(1, accountName);
                select.setString(2, eventName);
                Connection found;
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    found = read(row);
                }
                return new Result(found, created);
            }
        }, TIMEOUT);
    }

    /**
     * The active connection whose webhook URL carries {@code key}: its current key, or a rotated-out one whose
     * overlap is not over.
     */
    public Optional<Connection> byWebhookKey(String key) {
        byte[] hash = Keys.hash(key);
        String hex = HexFormat.of().formatHex(hash);
        long now = System.currentTimeMillis();
        Remembered known = byWebhookKeyHash.get(hex);
        if (known != null && now < known.untilMillis()) {
            return Optional.of(known.connection());
        }
        Optional<Remembered> found = pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(BY_WEBHOOK_KEY)) {
                for (int i = 1; i <= 3; i++) {
                    select.setBytes(i, hash);
                }
                ValidKey.bind(select, 4, hash, now);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    long expiresAt = row.getObject(8) == null ? Long.MAX_VALUE : row.getLong(8);
                    return Optional.of(new Remembered(read(row), Math.min(now + REMEMBER.toMillis(), expiresAt)));
                }
            }
        }, TIMEOUT);
        found.ifPresentOrElse(remembered -> byWebhookKeyHash.put(hex, remembered), () -> byWebhookKeyHash.remove(hex));
        return found.map(Remembered::connection);
    }

    /** Forgets that {@code key} was valid: its commit found otherwise. */
    public void forget(String key) {
        byWebhookKeyHash.remove(HexFormat.of().formatHex(Keys.hash(key)));
    }

    /** The active connection whose data URL carries {@code key}. Always asks the database. */
    public Optional<Connection> byReadKey(String key) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM connections WHERE read_key_hash = ? AND revoked_at IS NULL")) {
                select.setBytes(1, Keys.hash(key));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        }, TIMEOUT);
    }

    /** Every connection, oldest first, as its admin sees it. */
    public List<ConnectionReport> reports() {
        return reports(null);
    }

    /** Connection {@code id} as its admin sees it. */
    public Optional<ConnectionReport> report(long id) {
        return reports(id).stream().findFirst();
    }

    private List<ConnectionReport> reports(Long id) {
        return pool.call(connection -> {
            Map<Long, List<ConnectionReport.RetiredKey>> retired = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT connection_id, webhook_key, expires_at FROM retired_webhook_keys"
                            + " WHERE expires_at > ?" + (id == null ? "" : " AND connection_id = ?")
                            + " ORDER BY expires_at")) {
                select.setLong(1, System.currentTimeMillis());
                if (id != null) {
                    select.setLong(2, id);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        retired.computeIfAbsent(row.getLong(1), c -> new ArrayList<>())
                                .add(new ConnectionReport.RetiredKey(row.getString(2), row.getLong(3)));
                    }
                }
            }
            List<ConnectionReport> reports = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + REPORT_COLUMNS
                    + " FROM connections" + (id == null ? "" : " WHERE id = ?") + " ORDER BY id")) {
                if (id != null) {
                    select.setLong(1, id);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Connection found = read(row);
                        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
                        for (Outcome outcome : Outcome.values()) {
                            counts.put(outcome, row.getLong(outcome.column()));
                        }
                        Long lastEventAt = row.getObject("last_event_at") == null ? null : row.getLong("last_event_at");
                        reports.add(new ConnectionReport(found, counts, lastEventAt,
                                List.copyOf(retired.getOrDefault(found.id(), List.of())),
                                row.getInt("silent_after_hours")));
                    }
                }
            }
            return reports;
        }, TIMEOUT);
    }

    /**
     * Revokes connection {@code id}: from the moment this returns, both of its URLs answer 404, on every instance.
     *
     * @return whether an active connection was revoked (false: there is none, or it was revoked before)
     */
    public boolean revoke(long id, long now) {
        try {
            return pool.call(connection -> {
                try (PreparedStatement revoke = connection.prepareStatement(
                        "UPDATE connections SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                    revoke.setLong(1, now);
                    revoke.setLong(2, id);
                    return revoke.executeUpdate() == 1;
                }
            }, TIMEOUT);
        } finally {
            byWebhookKeyHash.clear();
        }
    }

    /**
     * Gives active connection {@code id} a new webhook key. The old one keeps working for {@code overlap} (none
     * when zero), so the user can change the URL in Jivo without losing events.
     *
     * @return whether an active connection got the key
     */
    public boolean rotateWebhookKey(long id, String newKey, long now, Duration overlap) {
        try {
            return pool.transaction(connection -> rotateWebhookKey(connection, id, newKey, now, overlap), TIMEOUT);
        } finally {
            byWebhookKeyHash.clear();
        }
    }

    /** Whether connection {@code id} exists, as {@code connection}'s transaction sees it. */
    static boolean exists(java.sql.Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM connections WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static boolean rotateWebhookKey(java.sql.Connection connection, long id, String newKey, long now,
                                            Duration overlap) throws SQLException {
        try (PreparedStatement prune = connection.prepareStatement(
                     "DELETE FROM retired_webhook_keys WHERE connection_id = ? AND expires_at <= ?");
             PreparedStatement retire = connection.prepareStatement("""
                     INSERT INTO retired_webhook_keys (key_hash, connection_id, webhook_key, expires_at)
                     SELECT webhook_key_hash, id, webhook_key, ? FROM connections
                     WHERE id = ? AND revoked_at IS NULL""");
             PreparedStatement replace = connection.prepareStatement(
                     "UPDATE connections SET webhook_key = ?, webhook_key_hash = ? WHERE id = ? AND revoked_at IS NULL")) {
            DeadKeys.bury(connection, DeadKeys.RETIRED_KEYS, id, now);
            prune.setLong(1, id);
            prune.setLong(2, now);
            prune.executeUpdate();
            if (overlap.isZero()) {
                DeadKeys.bury(connection, DeadKeys.WEBHOOK_KEY, id, now);
            } else {
                retire.setLong(1, now + overlap.toMillis());
                retire.setLong(2, id);
                retire.executeUpdate();
            }
            replace.setString(1, newKey);
            replace.setBytes(2, Keys.hash(newKey));
            replace.setLong(3, id);
            return replace.executeUpdate() == 1;
        }
    }

    /**
     * Gives active connection {@code id} a new read key; the old data URL stops working at once (and is remembered
     * as dead, see {@link #wasValid}).
     *
     * @return whether an active connection got the key
     */
    public boolean rotateReadKey(long id, String newKey, long now) {
        return pool.transaction(connection -> {
            try (PreparedStatement replace = connection.prepareStatement(
                    "UPDATE connections SET read_key = ?, read_key_hash = ? WHERE id = ? AND revoked_at IS NULL")) {
                DeadKeys.bury(connection, DeadKeys.READ_KEY, id, now);
                replace.setString(1, newKey);
                replace.setBytes(2, Keys.hash(newKey));
                replace.setLong(3, id);
                return replace.executeUpdate() == 1;
            }
        }, TIMEOUT);
    }

    /**
     * Whether {@code key} worked once and no longer does: a key of a revoked or deleted connection, or one rotated
     * out. A request with such a key comes from stale configuration, not from somebody guessing keys.
     */
    public boolean wasValid(String key) {
        byte[] hash = Keys.hash(key);
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT 1 FROM dead_keys WHERE key_hash = ?
                    UNION ALL SELECT 1 FROM retired_webhook_keys WHERE key_hash = ?
                    UNION ALL SELECT 1 FROM connections
                              WHERE revoked_at IS NOT NULL AND (webhook_key_hash = ? OR read_key_hash = ?)""")) {
                for (int i = 1; i <= 4; i++) {
                    select.setBytes(i, hash);
                }
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        }, TIMEOUT);
    }

    /**
     * Sets after how many hours without an event connection {@code id} counts as silent.
     *
     * @return whether there is such a connection
     */
    public boolean setSilentAfterHours(long id, int hours) {
        return pool.call(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE connections SET silent_after_hours = ? WHERE id = ?")) {
                update.setInt(1, hours);
                update.setLong(2, id);
                return update.executeUpdate() == 1;
            }
        }, TIMEOUT);
    }

    private static Connection read(ResultSet row) throws SQLException {
        return new Connection(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getLong(6), row.getObject(7) == null ? null : row.getLong(7));
    }
}
