package io.jivohub.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * When a webhook key is valid: its connection is not revoked, and the key is either the connection's current one
 * or a rotated-out one whose overlap is not over. The one statement of that rule, which the lookup of a connection
 * by its key ({@link Connections#byWebhookKey}) and the check in every commit ({@link BatchTransaction}) both apply.
 */
final class ValidKey {
    /**
     * The rule as an SQL condition on a row of {@code connections} (referred to by that name), with
     * {@value #PARAMETERS} parameters: see {@link #bind}.
     */
    static final String CONDITION = """
            connections.revoked_at IS NULL
            AND (connections.webhook_key_hash = ? OR EXISTS (SELECT 1 FROM retired_webhook_keys r
                 WHERE r.connection_id = connections.id AND r.key_hash = ? AND r.expires_at > ?))""";
    static final int PARAMETERS = 3;

    private ValidKey() {
    }

    /** Sets the parameters of {@link #CONDITION}, the first at {@code index}: the key's hash, at {@code now}. */
    static void bind(PreparedStatement statement, int index, byte[] keyHash, long now) throws SQLException {
        statement.setBytes(index, keyHash);
        statement.setBytes(index + 1, keyHash);
        statement.setLong(index + 2, now);
    }
}
