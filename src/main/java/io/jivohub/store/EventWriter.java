package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Stores events with group commit: one platform thread takes everything that is queued, inserts it in one
 * transaction, commits (an fsync), and only then releases every request that waited for it.
 *
 * <p>Why: an fsync costs the same for one event as for a thousand, so under load each commit carries many events
 * and throughput grows with concurrency, while no request is answered before its event is on disk. One thread
 * also suits SQLite, which allows one writer at a time and pins virtual threads in JNI calls.
 *
 * <p>Ids come from the database in commit order. {@code received_at} is the batch's time, never earlier than the
 * previous batch's, so it never decreases with the id even if the wall clock steps back.
 *
 * <p>A retry (same connection, byte-identical body) hits the unique key on (connection, body hash) and inserts
 * nothing; the writer answers with the stored event's id and time instead. The database enforces it, so it holds
 * inside one batch and across restarts alike.
 *
 * <p>Thread-safe: {@link #write} may be called from any number of threads.
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger LOG = System.getLogger(EventWriter.class.getName());
    private static final int QUEUE_CAPACITY = 8192;
    private static final int MAX_BATCH = 1000;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String INSERT = """
            INSERT INTO events (connection_id, event_name, received_at, chat_id, body_hash, body)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (connection_id, body_hash) DO NOTHING
            RETURNING id""";
    private static final String FIND_STORED = """
            SELECT id, received_at FROM events WHERE connection_id = ? AND body_hash = ?""";

    private record Pending(NewEvent event, CompletableFuture<StoredEvent> result) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final DataSource dataSource;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean closed;
    private long lastReceivedAt;

    EventWriter(DataSource dataSource, Clock clock, long lastReceivedAt) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.lastReceivedAt = lastReceivedAt;
        this.thread = Thread.ofPlatform().name("jivohub-writer").start(this::run);
    }

    /**
     * Stores {@code event} and returns once it is committed.
     *
     * @throws StoreUnavailableException when it could not be committed: nothing of it is stored, or it is stored
     *                                   and a retry will be recognised as a duplicate
     */
    public StoredEvent write(NewEvent event) {
        if (closed) {
            throw new StoreUnavailableException("jivohub is shutting down");
        }
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new StoreUnavailableException("too many events are waiting to be stored");
        }
        try {
            return pending.result().get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (StoreUnavailableException) e.getCause();
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the store did not commit within " + COMMIT_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit");
        }
    }

    /** Events waiting for the writer right now. */
    public int queued() {
        return queue.size();
    }

    /** Commits everything already queued, refuses new events, and stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping |= batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        long receivedAt = Math.max(clock.millis(), lastReceivedAt);
        List<StoredEvent> stored = new ArrayList<>(batch.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT);
                 PreparedStatement find = connection.prepareStatement(FIND_STORED)) {
                for (Pending pending : batch) {
                    stored.add(insert(insert, find, pending.event(), receivedAt));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not commit " + batch.size() + " events: " + e.getMessage());
            StoreUnavailableException failure = new StoreUnavailableException("the store failed: " + e.getMessage(), e);
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        lastReceivedAt = receivedAt;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(stored.get(i));
        }
    }

    private static StoredEvent insert(PreparedStatement insert, PreparedStatement find, NewEvent event,
                                      long receivedAt) throws SQLException {
        insert.setLong(1, event.connectionId());
        insert.setString(2, event.eventName());
        insert.setLong(3, receivedAt);
        insert.setString(4, event.chatId());
        insert.setBytes(5, event.bodyHash());
        insert.setBytes(6, event.body());
        try (ResultSet inserted = insert.executeQuery()) {
            if (inserted.next()) {
                return new StoredEvent(inserted.getLong(1), receivedAt, false);
            }
        }
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
