package io.jivohub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What differs between the databases jivohub runs on. The SQL of reads and writes, the writer and the pools are
 * the same for both; only connecting, migrating, health and the commit-order lock differ.
 */
enum Dialect {
    /**
     * The embedded default: a file, WAL with {@code synchronous=FULL} (a commit is on disk when it returns), and a
     * busy timeout so that the store pool's rare writes wait for the writer instead of failing.
     */
    SQLITE("jdbc:sqlite:", "classpath:db/migration/sqlite") {
        @Override
        Optional<Path> file(String jdbcUrl) {
            String location = jdbcUrl.substring(prefix.length());
            int query = location.indexOf('?');
            if (query >= 0) {
                location = location.substring(0, query);
            }
            if (location.startsWith("file:")) {
                location = location.substring("file:".length());
            }
            if (location.isBlank() || location.equals(":memory:") || location.contains("mode=memory")) {
                throw new IllegalArgumentException("the SQLite database must be a file, not memory");
            }
            return Optional.of(Path.of(location).toAbsolutePath());
        }

        @Override
        void prepare(String jdbcUrl) {
            Path file = file(jdbcUrl).orElseThrow();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of " + file, e);
            }
        }

        @Override
        void configure(HikariConfig config) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", String.valueOf(TIMEOUT_MILLIS));
            config.addDataSourceProperty("foreign_keys", "true");
            // Reads through a memory map instead of a system call per page: reading a large store is much cheaper.
            config.addDataSourceProperty("mmap_size", String.valueOf(MMAP_BYTES));
            // INSERT … RETURNING collects its rows in a temporary table: in memory, not in a temporary file.
            config.addDataSourceProperty("temp_store", "MEMORY");
        }

        /** One writer per file: SQLite's write lock already commits batches one after another. */
        @Override
        void lockCommitOrder(Connection connection) {
        }

        /**
         * Reads alone do not prove the store works: in WAL mode another process holding the write lock leaves
         * reads working while every commit fails. Taking the write lock for a moment does. A full disk shows only
         * when a commit fails, so the free space of the database's file system is checked too.
         */
        @Override
        boolean probe(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM connections")) {
                    result.next();
                } finally {
                    statement.execute("ROLLBACK");
                }
                try (ResultSet file = statement.executeQuery("SELECT file FROM pragma_database_list WHERE name = 'main'")) {
                    return file.next() && usableBytes(Path.of(file.getString(1))) >= MIN_FREE_BYTES;
                }
            }
        }

        private static long usableBytes(Path file) {
            try {
                return Files.getFileStore(file).getUsableSpace();
            } catch (IOException e) {
                return 0;
            }
        }
    },

    /** For production and several instances: every instance shares one PostgreSQL database. */
    POSTGRESQL("jdbc:postgresql://", "classpath:db/migration/postgresql") {
        @Override
        Optional<Path> file(String jdbcUrl) {
            return Optional.empty();
        }

        @Override
        void prepare(String jdbcUrl) {
        }

        /** A commit returns once it is flushed, whatever the server's default: 200 means on disk here too. */
        @Override
        void configure(HikariConfig config) {
            config.addDataSourceProperty("ApplicationName", "jivohub");
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.setConnectionInitSql("SET synchronous_commit = on");
        }

        /**
         * Commits event batches one at a time across all instances, so ids become visible in id order.
         *
         * <p>Why: ids come from a sequence when rows are inserted, not when they commit. With two writers, batch
         * A could take ids 1–50, batch B 51–60, and B commit first; a reader passing {@code after=60} would then
         * never see A's events. Under this lock, a batch takes its ids only after the previous batch committed,
         * and PostgreSQL makes a commit visible before it releases the transaction's locks, so any snapshot that
         * shows a batch also shows every batch with smaller ids. Group commit keeps the lock's cost small: a
         * waiting instance's queue simply grows into a bigger batch.
         */
        @Override
        void lockCommitOrder(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + COMMIT_ORDER_LOCK + ")");
            }
        }

        /** The database answers and takes writes: it is neither a standby in recovery nor set read-only. */
        @Override
        boolean probe(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT NOT pg_is_in_recovery()"
                         + " AND current_setting('transaction_read_only') = 'off'"
                         + " FROM (SELECT count(*) FROM connections) c")) {
                return result.next() && result.getBoolean(1);
            }
        }
    };

    /** How long to wait for a connection or a lock before reporting the store unavailable. */
    static final int TIMEOUT_MILLIS = 5000;
    /** Below this much free space on a SQLite file's file system, health says down: commits are about to fail. */
    private static final long MIN_FREE_BYTES = 1L << 20;
    /** How much of a SQLite file is read through a memory map (address space, not heap). */
    private static final long MMAP_BYTES = 1L << 30;
    /** The advisory lock key of {@link #lockCommitOrder}: "jivo" in ASCII. */
    private static final long COMMIT_ORDER_LOCK = 0x6A69766FL;

    final String prefix;
    final String migrations;

    Dialect(String prefix, String migrations) {
        this.prefix = prefix;
        this.migrations = migrations;
    }

    /** The dialect of {@code jdbcUrl}. */
    static Dialect of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.prefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unsupported database URL; expected jdbc:sqlite:<file> or "
                + "jdbc:postgresql://<host>:<port>/<database>");
    }

    /** The database's file, for SQLite; none for a server. */
    abstract Optional<Path> file(String jdbcUrl);

    /** Gets ready to connect: for SQLite, creates the file's folder. */
    abstract void prepare(String jdbcUrl);

    abstract void configure(HikariConfig config);

    /** Called first in every event batch's transaction: makes batches commit in id order. */
    abstract void lockCommitOrder(Connection connection) throws SQLException;

    /** Whether the database answers and would take a write. */
    abstract boolean probe(Connection connection) throws SQLException;

    /** A pool of at most {@code size} connections to {@code jdbcUrl}. */
    HikariDataSource pool(String jdbcUrl, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(TIMEOUT_MILLIS);
        config.setValidationTimeout(Math.min(TIMEOUT_MILLIS, 2000));
        configure(config);
        return new HikariDataSource(config);
    }
}
