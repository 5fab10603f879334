package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keys that worked once: of deleted connections, rotated out, replaced. Jivo keeps posting to a URL until someone
 * changes its setting, so a 404 for such a key is stale configuration, not somebody guessing; remembering the keys
 * (their hashes) lets the guess limit tell the two apart. See {@link Connections#wasValid}.
 */
final class DeadKeys {
    /** The current webhook key of connection {@code ?}. */
    static final String WEBHOOK_KEY = "SELECT webhook_key_hash AS key_hash FROM connections WHERE id = ?";
    /** The current read key of connection {@code ?}. */
    static final String READ_KEY = "SELECT read_key_hash AS key_hash FROM connections WHERE id = ?";
    /** The rotated-out webhook keys of connection {@code ?}. */
    static final String RETIRED_KEYS = "SELECT key_hash FROM retired_webhook_keys WHERE connection_id = ?";

    private DeadKeys() {
    }

    /** Remembers the keys that {@code hashes} (one of the queries above) selects for {@code connectionId}. */
    static void bury(Connection connection, String hashes, long connectionId, long now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_keys (key_hash, died_at)"
                + " SELECT h.key_hash, ? FROM (" + hashes + ") h WHERE true ON CONFLICT (key_hash) DO NOTHING")) {
            insert.setLong(1, now);
            insert.setLong(2, connectionId);
            insert.executeUpdate();
        }
    }
}
