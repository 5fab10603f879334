package io.jivohub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for tests: the server named by {@code JIVOHUB_TEST_PG_URL} (a JDBC URL to a database on it, with a
 * user that may create databases), or else one embedded server the tests start themselves and share. Every test
 * hub gets a new, empty database on it.
 */
public final class TestPostgres {
    private static final String URL_VARIABLE = "JIVOHUB_TEST_PG_URL";
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String sharedAdminUrl;

    private TestPostgres() {
    }

    /** Whether the tests use a server of their own (which they may stop), not one named by the environment. */
    public static boolean isEmbedded() {
        return System.getenv(URL_VARIABLE) == null;
    }

    /** The JDBC URL of a new, empty database. */
    public static synchronized String newDatabase() {
        if (sharedAdminUrl == null) {
            sharedAdminUrl = isEmbedded() ? Server.start(null, 0).adminUrl() : System.getenv(URL_VARIABLE);
        }
        return newDatabase(sharedAdminUrl);
    }

    /** Creates a database on the server of {@code adminUrl}; returns its URL. */
    static String newDatabase(String adminUrl) {
        String name = "jivohub_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(adminUrl);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        Matcher url = DATABASE_IN_URL.matcher(adminUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like jdbc:postgresql://host:port/db?…");
        }
        return url.group(1) + name + url.group(3);
    }

    /**
     * An embedded server that a test may stop and start again, on the same data folder and port.
     * Shutdown hook registered, so a failed test leaves no server behind.
     */
    public static final class Server implements AutoCloseable {
        private final Path dataFolder;
        private EmbeddedPostgres postgres;
        private final int port;

        private Server(Path dataFolder, EmbeddedPostgres postgres) {
            this.dataFolder = dataFolder;
            this.postgres = postgres;
            this.port = postgres.getPort();
        }

        /** Starts a server on {@code dataFolder} (a fresh temporary one when null) and {@code port} (0: free). */
        public static Server start(Path dataFolder, int port) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (dataFolder != null) {
                builder.setDataDirectory(dataFolder).setCleanDataDirectory(false);
            }
            if (port != 0) {
                builder.setPort(port);
            }
            try {
                return new Server(dataFolder, builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }

        /** A URL to the server's {@code postgres} database, for creating test databases. */
        public String adminUrl() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        /** The URL of a new, empty database on this server. */
        public String newDatabase() {
            return TestPostgres.newDatabase(adminUrl());
        }

        public void stop() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the stopped server again with its data. */
        public void restart() {
            postgres = start(dataFolder, port).postgres;
        }

        @Override
        public void close() {
            stop();
        }
    }
}
