package io.jivohub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * Who is signed in to the dashboard, by the SHA-256 of each session's random id (the cookie holds the id): kept
 * in the database, so that every instance knows a session and signing out ends it everywhere at once.
 *
 * <p>Thread-safe.
 */
public final class DashboardSessions {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final StorePool pool;

    DashboardSessions(StorePool pool) {
        this.pool = pool;
    }

    /** Starts a session, and forgets those that have expired. */
    public void start(byte[] idHash, long now, long expiresAt) {
        pool.call(connection -> {
            try (PreparedStatement forget = connection.prepareStatement(
                    "DELETE FROM dashboard_sessions WHERE expires_at <= ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)")) {
                forget.setLong(1, now);
                forget.executeUpdate();
                insert.setBytes(1, idHash);
                insert.setLong(2, now);
                insert.setLong(3, expiresAt);
                return insert.executeUpdate();
            }
        }, TIMEOUT);
    }

    /** Whether the session is signed in at {@code now}: started, not ended, not expired. */
    public boolean isValid(byte[] idHash, long now) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM dashboard_sessions WHERE id_hash = ? AND expires_at > ?")) {
                select.setBytes(1, idHash);
                select.setLong(2, now);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        }, TIMEOUT);
    }

    /** Ends the session (signing out). */
    public void end(byte[] idHash) {
        pool.call(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dashboard_sessions WHERE id_hash = ?")) {
                delete.setBytes(1, idHash);
                return delete.executeUpdate();
            }
        }, TIMEOUT);
    }
}
