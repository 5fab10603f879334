package io.jivohub.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one JDBC connection. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
