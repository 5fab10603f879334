package io.jivohub.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;

/**
 * jivohub's database: connections, events and the Jivo tables folded from them, on SQLite or PostgreSQL (see
 * {@link Dialect}).
 *
 * <p>Two pools, because two kinds of work must not wait for each other: the {@link EventWriter} owns the single
 * write connection and its thread; everything else (data reads, connection lookups and inserts, health checks)
 * runs in the {@link StorePool}. The schema is migrated by Flyway when the store opens.
 *
 * <p>Thread-safe.
 */
public final class Store implements AutoCloseable {
    private static final int POOL_SIZE = 4;

    private final Dialect dialect;
    private final HikariDataSource writeConnection;
    private final StorePool pool;
    private final EventWriter writer;
    private final Connections connections;
    private final Events events;
    private final Deletions deletions;
    private final TableRows tableRows;
    private final Projection projection;
    private final EventColumns eventColumns;
    private final DashboardSessions dashboardSessions;
    private final EventHours eventHours;
    private final Destinations destinations;
    private final AgentAnswers agentAnswers;
    private final CommitSignal committed;

    private Store(Dialect dialect, HikariDataSource writeConnection, StorePool pool, EventWriter writer,
                  CommitSignal committed) {
        this.dialect = dialect;
        this.writeConnection = writeConnection;
        this.pool = pool;
        this.writer = writer;
        this.committed = committed;
        this.connections = new Connections(pool);
        this.events = new Events(pool);
        this.tableRows = new TableRows(writer, pool);
        this.deletions = new Deletions(writer, pool, tableRows);
        this.projection = new Projection(writer, pool);
        this.eventColumns = new EventColumns(writer, pool, dialect);
        this.dashboardSessions = new DashboardSessions(pool);
        this.eventHours = new EventHours(pool);
        this.destinations = new Destinations(writer, pool);
        this.agentAnswers = new AgentAnswers(writer, pool);
    }

    /**
     * Opens (creating and migrating when needed) the database at {@code jdbcUrl}. Several instances may open one
     * PostgreSQL database at once: Flyway holds a lock while it migrates.
     *
     * @param maxBatch the most events one transaction commits, see {@link EventWriter}
     * @throws IllegalArgumentException when the URL is neither a SQLite nor a PostgreSQL URL
     */
    public static Store open(String jdbcUrl, int maxBatch, MeterRegistry registry) {
        Dialect dialect = Dialect.of(jdbcUrl);
        dialect.prepare(jdbcUrl);
        HikariDataSource poolSource = dialect.pool(jdbcUrl, "jivohub-store", POOL_SIZE);
        HikariDataSource writeSource = null;
        try {
            Flyway.configure()
                    .dataSource(poolSource)
                    .locations(dialect.migrations)
                    .load()
                    .migrate();
            writeSource = dialect.pool(jdbcUrl, "jivohub-writer", 1);
            long[] newest = newestEvent(writeSource);
            CommitSignal committed = new CommitSignal(newest[0]);
            return new Store(dialect, writeSource, new StorePool(poolSource, POOL_SIZE), new EventWriter(writeSource,
                    dialect, Clock.systemUTC(), newest[1], maxBatch, registry, committed), committed);
        } catch (RuntimeException | SQLException e) {
            poolSource.close();
            if (writeSource != null) {
                writeSource.close();
            }
            throw e instanceof RuntimeException runtime ? runtime
                    : new StoreUnavailableException("cannot open the store: " + e.getMessage(), e);
        }
    }

    /** The file of the database at {@code jdbcUrl} when it is a file (SQLite); empty for a database server. */
    public static Optional<Path> fileOf(String jdbcUrl) {
        return Dialect.of(jdbcUrl).file(jdbcUrl);
    }

    /** Whether {@code jdbcUrl} names a database jivohub can run on. */
    public static boolean accepts(String jdbcUrl) {
        return Arrays.stream(Dialect.values()).anyMatch(dialect -> jdbcUrl.startsWith(dialect.prefix)
                && jdbcUrl.length() > dialect.prefix.length());
    }

    /** The id and received time of the newest stored event, or zeros. */
    private static long[] newestEvent(HikariDataSource dataSource) throws SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet last = statement.executeQuery("SELECT id, received_at FROM events ORDER BY id DESC LIMIT 1")) {
            return last.next() ? new long[] {last.getLong(1), last.getLong(2)} : new long[] {0, 0};
        }
    }

    public EventWriter writer() {
        return writer;
    }

    public Connections connections() {
        return connections;
    }

    public Events events() {
        return events;
    }

    public Deletions deletions() {
        return deletions;
    }

    /** The rows of the Jivo tables. */
    public TableRows tableRows() {
        return tableRows;
    }

    /** The columns of the raw events, in the order they first came. */
    public EventColumns eventColumns() {
        return eventColumns;
    }

    /** How many events each connection stored per hour and type. */
    public EventHours eventHours() {
        return eventHours;
    }

    public Destinations destinations() {
        return destinations;
    }

    /** What the connections answer Jivo for the agent. */
    public AgentAnswers agentAnswers() {
        return agentAnswers;
    }

    /** Who is signed in to the dashboard. */
    public DashboardSessions dashboardSessions() {
        return dashboardSessions;
    }

    /** The projector's state and commits. */
    public Projection projection() {
        return projection;
    }

    /** What work that follows committed events waits on; see {@link CommitSignal}. */
    public CommitSignal committed() {
        return committed;
    }

    /** Whether the database answers within {@code timeout} and would take a write. */
    public boolean answers(Duration timeout) {
        try {
            return pool.call(dialect::probe, timeout);
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    /** Commits what is queued, then closes every database connection. */
    @Override
    public void close() {
        writer.close();
        writeConnection.close();
        pool.close();
    }
}
