package io.jivohub.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores events with group commit: one platform thread takes everything that is queued, inserts it in one
 * transaction, commits (an fsync), and only then releases every request that waited for it.
 *
 * <p>Why: an fsync costs the same for one event as for a thousand, so under load each commit carries many events
 * and throughput grows with concurrency, while no request is answered before its event is on disk. One thread
 * also suits SQLite, which allows one writer at a time and pins virtual threads in JNI calls.
 *
 * <p>A batch is written with multi-row {@code INSERT … ON CONFLICT (connection_id, body_hash) DO NOTHING RETURNING}.
 * A retry (same connection, byte-identical body) hits that unique key and inserts nothing; the writer answers with
 * the stored event's id and time instead. The database enforces it, so it holds inside one batch, across restarts
 * and across instances alike. Each batch first takes the dialect's commit-order lock, so that ids become visible
 * in id order even with several instances (see {@link Dialect#lockCommitOrder}).
 *
 * <p>The same transaction checks that each event's webhook key is still valid (its connection not revoked or
 * deleted, a rotated-out key still inside its overlap) and adds the batch to the connections' counts by outcome.
 * The check takes the connection's row lock, so a revocation waits for a batch in flight and every batch after it
 * sees it: no event is stored, and none answered 200, after a revocation has been answered. Events answered without
 * being stored (ignored, rejected) are only counted: their counts ride along with the next batch, or are committed
 * on their own within a second when nothing arrives.
 *
 * <p>Other writes that must not race the batches (deleting events) run here too, each in its own transaction
 * between two batches: see {@link #run}.
 *
 * <p>{@code received_at} is the batch's time, never earlier than the previous batch's, so within one instance it
 * never decreases with the id even if the wall clock steps back.
 *
 * <p>Publishes {@code jivohub_writer_batch_size}, {@code jivohub_writer_commit_seconds} and
 * {@code jivohub_writer_queue}.
 *
 * <p>Thread-safe: {@link #write} may be called from any number of threads.
 */
public final class EventWriter implements EventSink, AutoCloseable {
    private static final Logger LOG = System.getLogger(EventWriter.class.getName());
    private static final int QUEUE_CAPACITY = 8192;
    /** Rows per multi-row INSERT; 6 parameters each stays far below every driver's limit. */
    private static final int ROWS_PER_INSERT = 16;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long counts of unstored events wait for a batch before they are committed on their own. */
    private static final long TALLY_WAIT_MILLIS = 1000;
    private static final String FIND_STORED =
            "SELECT id, received_at FROM events WHERE connection_id = ? AND body_hash = ?";
    /** Touches the connection (taking its row lock) only if the key the event came with is valid right now. */
    private static final String CHECK_KEY = """
            UPDATE connections SET last_event_at = ?
            WHERE id = ? AND revoked_at IS NULL
              AND (webhook_key_hash = ? OR EXISTS (SELECT 1 FROM retired_webhook_keys r
                   WHERE r.key_hash = ? AND r.connection_id = connections.id AND r.expires_at > ?))""";
    private static final String ADD_COUNTS = """
            UPDATE connections SET stored_count = stored_count + ?, duplicate_count = duplicate_count + ?,
                                   ignored_count = ignored_count + ?, rejected_count = rejected_count + ?
            WHERE id = ?""";

    private sealed interface Item permits Pending, Task, Stop {
    }

    private record Pending(NewEvent event, CompletableFuture<StoredEvent> result) implements Item {
    }

    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) implements Item {
        void runOn(Connection connection) throws SQLException {
            T value = work.run(connection);
            connection.commit();
            result.complete(value);
        }
    }

    private enum Stop implements Item { STOP }

    /** An event's identity for deduplication: its connection and body hash. */
    private record Key(long connectionId, ByteBuffer bodyHash) {
        static Key of(NewEvent event) {
            return new Key(event.connectionId(), ByteBuffer.wrap(event.bodyHash()));
        }
    }

    /** The webhook key an event came with, for its connection. */
    private record KeyUse(long connectionId, ByteBuffer keyHash) {
        static KeyUse of(NewEvent event) {
            return new KeyUse(event.connectionId(), ByteBuffer.wrap(event.keyHash()));
        }
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Tallies tallies = new Tallies();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean committing;
    private long lastReceivedAt;

    /**
     * @param maxBatch the most events one transaction commits; 1 commits every event on its own
     * @param registry where the batch sizes, commit times and queue depth are published
     */
    EventWriter(HikariDataSource dataSource, Dialect dialect, Clock clock, long lastReceivedAt, int maxBatch,
                MeterRegistry registry) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.lastReceivedAt = lastReceivedAt;
        this.maxBatch = maxBatch;
        this.batchSizes = DistributionSummary.builder("jivohub.writer.batch.size")
                .description("Events committed by one transaction")
                .publishPercentileHistogram()
                .register(registry);
        this.commits = Timer.builder("jivohub.writer.commit")
                .description("Time to insert and commit one batch")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("jivohub.writer.queue", queue, BlockingQueue::size)
                .description("Events waiting for the writer")
                .register(registry);
        this.thread = Thread.ofPlatform().name("jivohub-writer").start(this::run);
    }

    /**
     * Stores {@code event} and returns once it is committed.
     *
     * @throws UnknownKeyException       when its webhook key is no longer valid: nothing is stored
     * @throws StoreUnavailableException when it could not be committed: nothing of it is stored, or (when the
     *                                   connection broke during the commit) it is stored and a retry will be
     *                                   recognised as a duplicate
     */
    @Override
    public StoredEvent write(NewEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        enqueue(pending, "too many events are waiting to be stored");
        return await(pending.result(), COMMIT_TIMEOUT);
    }

    /** Counts an event of {@code connectionId} that was answered without being stored. */
    public void count(long connectionId, Outcome outcome) {
        tallies.add(connectionId, outcome, 1);
    }

    /**
     * Runs {@code work} in a transaction of its own on the writer's connection, between two event batches, and
     * returns its result once committed. For writes that must not race event batches; keep each one short, since
     * ingest waits for it.
     */
    <T> T run(SqlWork<T> work, Duration timeout) {
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        enqueue(task, "the writer has too much waiting");
        return await(task.result(), timeout);
    }

    private void enqueue(Item item, String whenFull) {
        if (closed) {
            throw new StoreUnavailableException("jivohub is shutting down");
        }
        if (!queue.offer(item)) {
            throw new StoreUnavailableException(whenFull);
        }
    }

    private static <T> T await(CompletableFuture<T> result, Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the store did not commit within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit");
        }
    }

    /** Whether events are being stored right now: some are queued or a batch is committing. */
    public boolean isBusy() {
        return committing || !queue.isEmpty();
    }

    /** Commits everything already queued, refuses new events, and stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(Stop.STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Item> items = new ArrayList<>(maxBatch);
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<Task<?>> tasks = new ArrayList<>();
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Item first = queue.poll(TALLY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    items.add(first);
                    queue.drainTo(items, maxBatch - 1);
                }
            } catch (InterruptedException e) {
                break;
            }
            for (Item item : items) {
                switch (item) {
                    case Pending pending -> batch.add(pending);
                    case Task<?> task -> tasks.add(task);
                    case Stop stop -> stopping = true;
                }
            }
            if (!batch.isEmpty() || !tallies.isEmpty()) {
                committing = true;
                commit(batch);
                committing = false;
            }
            tasks.forEach(this::runTask);
            items.clear();
            batch.clear();
            tasks.clear();
        }
        if (!tallies.isEmpty()) {
            commit(List.of());
        }
        closeStatements();
    }

    private void runTask(Task<?> task) {
        try {
            Statements statements = statements();
            try {
                task.runOn(statements.connection);
            } catch (SQLException | RuntimeException e) {
                Transactions.rollBack(statements.connection, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            task.result().completeExceptionally(e instanceof RuntimeException runtime ? runtime
                    : new StoreUnavailableException("the store failed: " + e.getMessage(), e));
        }
    }

    private void commit(List<Pending> batch) {
        long start = System.nanoTime();
        long receivedAt = Math.max(clock.millis(), lastReceivedAt);
        Map<Long, long[]> counts = tallies.drain();
        Set<KeyUse> invalidKeys;
        List<Pending> accepted;
        List<StoredEvent> answers;
        try {
            Statements statements = statements();
            try {
                dialect.lockCommitOrder(statements.connection);
                invalidKeys = invalidKeys(statements.check, batch, receivedAt);
                accepted = invalidKeys.isEmpty() ? batch
                        : batch.stream().filter(pending -> !invalidKeys.contains(KeyUse.of(pending.event()))).toList();
                answers = answers(accepted, insert(statements, accepted, receivedAt));
                addCounts(statements.addCounts, counts, accepted, answers);
                statements.connection.commit();
            } catch (SQLException | RuntimeException e) {
                Transactions.rollBack(statements.connection, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not commit " + batch.size() + " events: " + e.getMessage());
            discardConnection();
            tallies.restore(counts);
            StoreUnavailableException failure = new StoreUnavailableException("the store failed: " + e.getMessage(), e);
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        lastReceivedAt = receivedAt;
        if (!batch.isEmpty()) {
            commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSizes.record(batch.size());
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(answers.get(i));
        }
        if (!invalidKeys.isEmpty()) {
            UnknownKeyException unknown = new UnknownKeyException();
            batch.stream().filter(pending -> invalidKeys.contains(KeyUse.of(pending.event())))
                    .forEach(pending -> pending.result().completeExceptionally(unknown));
        }
    }

    /** The batch's webhook keys that are no longer valid; every valid one's connection row is now locked. */
    private static Set<KeyUse> invalidKeys(PreparedStatement check, List<Pending> batch, long now)
            throws SQLException {
        Set<KeyUse> invalid = new HashSet<>();
        Set<KeyUse> checked = new HashSet<>();
        for (Pending pending : batch) {
            KeyUse use = KeyUse.of(pending.event());
            if (checked.add(use)) {
                check.setLong(1, now);
                check.setLong(2, use.connectionId());
                check.setBytes(3, pending.event().keyHash());
                check.setBytes(4, pending.event().keyHash());
                check.setLong(5, now);
                if (check.executeUpdate() == 0) {
                    invalid.add(use);
                }
            }
        }
        return invalid;
    }

    /**
     * The answer for each request, in order: the first request for a body gets what the database said; a second
     * one in the same batch is a retry.
     */
    private static List<StoredEvent> answers(List<Pending> batch, Map<Key, StoredEvent> stored) {
        Set<Key> answered = new HashSet<>();
        List<StoredEvent> answers = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Key key = Key.of(pending.event());
            StoredEvent event = stored.get(key);
            answers.add(answered.add(key) ? event : new StoredEvent(event.id(), event.receivedAt(), true));
        }
        return answers;
    }

    /** Adds the batch's outcomes to {@code counts}, then {@code counts} to the connections. */
    private static void addCounts(PreparedStatement add, Map<Long, long[]> counts, List<Pending> batch,
                                  List<StoredEvent> answers) throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = answers.get(i).duplicate() ? Outcome.DUPLICATE : Outcome.STORED;
            counts.computeIfAbsent(batch.get(i).event().connectionId(),
                    id -> new long[Outcome.values().length])[outcome.ordinal()]++;
        }
        for (Map.Entry<Long, long[]> connection : counts.entrySet()) {
            long[] values = connection.getValue();
            add.setLong(1, values[Outcome.STORED.ordinal()]);
            add.setLong(2, values[Outcome.DUPLICATE.ordinal()]);
            add.setLong(3, values[Outcome.IGNORED.ordinal()]);
            add.setLong(4, values[Outcome.REJECTED.ordinal()]);
            add.setLong(5, connection.getKey());
            add.executeUpdate();
        }
    }

    /**
     * The writer's connection with its statements, prepared once: preparing a statement costs SQLite about as much
     * as inserting a dozen rows. Rows go in {@link #ROWS_PER_INSERT} at a time (one round trip to PostgreSQL for
     * many rows), the rest one by one, so only two insert statements ever exist. After a failure they are closed
     * and made again for the next batch, on a fresh connection.
     */
    private static final class Statements {
        final Connection connection;
        final PreparedStatement insertMany;
        final PreparedStatement insertOne;
        final PreparedStatement find;
        final PreparedStatement check;
        final PreparedStatement addCounts;

        Statements(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.insertMany = connection.prepareStatement(insertSql(ROWS_PER_INSERT));
            this.insertOne = connection.prepareStatement(insertSql(1));
            this.find = connection.prepareStatement(FIND_STORED);
            this.check = connection.prepareStatement(CHECK_KEY);
            this.addCounts = connection.prepareStatement(ADD_COUNTS);
        }
    }

    private Statements statements;

    private Statements statements() throws SQLException {
        if (statements == null) {
            Connection connection = dataSource.getConnection();
            try {
                statements = new Statements(connection);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return statements;
    }

    /**
     * Throws the connection away after a failure instead of returning it to the pool: after some errors (SQLite's
     * full disk) the driver believes a transaction is open that the database already rolled back, and every later
     * commit on that connection would fail.
     */
    private void discardConnection() {
        if (statements != null) {
            dataSource.evictConnection(statements.connection);
            statements = null;
        }
    }

    private void closeStatements() {
        if (statements != null) {
            try {
                statements.connection.close(); // closes its statements too
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing the writer's connection failed: " + e.getMessage());
            }
            statements = null;
        }
    }

    /** Inserts the batch's distinct events; answers for every key, new or stored before. */
    private static Map<Key, StoredEvent> insert(Statements statements, List<Pending> batch, long receivedAt)
            throws SQLException {
        Map<Key, NewEvent> distinct = new HashMap<>();
        batch.forEach(pending -> distinct.putIfAbsent(Key.of(pending.event()), pending.event()));
        List<NewEvent> events = batch.stream().map(Pending::event)
                .filter(event -> distinct.get(Key.of(event)) == event).toList();

        Map<Key, StoredEvent> stored = new HashMap<>();
        int from = 0;
        for (; from + ROWS_PER_INSERT <= events.size(); from += ROWS_PER_INSERT) {
            insert(statements.insertMany, events.subList(from, from + ROWS_PER_INSERT), receivedAt, stored);
        }
        for (; from < events.size(); from++) {
            insert(statements.insertOne, events.subList(from, from + 1), receivedAt, stored);
        }
        for (NewEvent event : events) {
            if (!stored.containsKey(Key.of(event))) {
                stored.put(Key.of(event), findStored(statements.find, event));
            }
        }
        return stored;
    }

    private static void insert(PreparedStatement insert, List<NewEvent> rows, long receivedAt,
                               Map<Key, StoredEvent> stored) throws SQLException {
        int parameter = 1;
        for (NewEvent event : rows) {
            insert.setLong(parameter++, event.connectionId());
            insert.setString(parameter++, event.eventName());
            insert.setLong(parameter++, receivedAt);
            insert.setString(parameter++, event.chatId());
            insert.setBytes(parameter++, event.bodyHash());
            insert.setBytes(parameter++, event.body());
        }
        try (ResultSet inserted = insert.executeQuery()) {
            while (inserted.next()) {
                stored.put(new Key(inserted.getLong(2), ByteBuffer.wrap(inserted.getBytes(3))),
                        new StoredEvent(inserted.getLong(1), receivedAt, false));
            }
        }
    }

    private static String insertSql(int rows) {
        return "INSERT INTO events (connection_id, event_name, received_at, chat_id, body_hash, body) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?)"))
                + " ON CONFLICT (connection_id, body_hash) DO NOTHING RETURNING id, connection_id, body_hash";
    }

    /** The event stored before with the same connection and body: this write is a retry. */
    private static StoredEvent findStored(PreparedStatement find, NewEvent event) throws SQLException {
        find.setLong(1, event.connectionId());
        find.setBytes(2, event.bodyHash());
        try (ResultSet existing = find.executeQuery()) {
            if (!existing.next()) {
                throw new SQLException("event neither inserted nor found");
            }
            return new StoredEvent(existing.getLong(1), existing.getLong(2), true);
        }
    }
}
