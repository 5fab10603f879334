package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hands out row versions from the one counter in {@code projection}. Inside a transaction on the writer's
 * connection, so versions are given in commit order: the counter's row stays locked until the commit (PostgreSQL)
 * or the whole database does (SQLite), and a reader that saw version {@code v} can never later find a new row
 * below it.
 */
final class RowVersions {
    private RowVersions() {
    }

    /** Takes {@code count} versions; returns the first. */
    static long take(Connection connection, int count) throws SQLException {
        try (PreparedStatement take = connection.prepareStatement(
                "UPDATE projection SET row_version = row_version + ? WHERE id = 1 RETURNING row_version")) {
            take.setInt(1, count);
            try (ResultSet last = take.executeQuery()) {
                last.next();
                return last.getLong(1) - count + 1;
            }
        }
    }
}
