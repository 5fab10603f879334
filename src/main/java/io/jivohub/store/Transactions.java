package io.jivohub.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Transaction handling the store's classes share. */
final class Transactions {
    private Transactions() {
    }

    /**
     * Rolls back after {@code failure}, which the caller then rethrows. A rollback that fails itself is only attached
     * to it: SQLite rolls back by itself after some errors (a full disk), and then "cannot rollback - no
     * transaction is active" would hide the cause.
     */
    static void rollBack(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
