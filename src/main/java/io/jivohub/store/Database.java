package io.jivohub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The settings jivohub needs from a SQLite database: WAL with {@code synchronous=FULL}, so a commit is on disk
 * before it returns, and a busy timeout, so the store pool's rare writes wait for the writer instead of failing.
 */
final class Database {
    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final int BUSY_TIMEOUT_MILLIS = 5000;

    private Database() {
    }

    /** The file behind a {@code jdbc:sqlite:} URL, its folder created. */
    static Path prepareSqliteFile(String jdbcUrl) {
        String location = jdbcUrl.substring(SQLITE_PREFIX.length());
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
        Path file = Path.of(location).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        return file;
    }

    /** A pool of at most {@code size} connections to the SQLite database at {@code jdbcUrl}. */
    static HikariDataSource sqlitePool(String jdbcUrl, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(BUSY_TIMEOUT_MILLIS);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
        config.addDataSourceProperty("foreign_keys", "true");
        return new HikariDataSource(config);
    }
}
