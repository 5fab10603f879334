package io.jivohub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Runs database work other than event writes (reads, and the rare connection insert) on a few platform threads.
 *
 * <p>Why not on the request's own virtual thread: SQLite works through JNI, and a virtual thread inside a native
 * call pins its carrier. With two cores there are two carriers; two long exports would stop every other request.
 * Here the request's virtual thread only waits on a future, which unmounts it, and at most {@code size} database
 * calls run at once however many requests ask.
 *
 * <p>Thread-safe.
 */
final class StorePool implements AutoCloseable {
    private static final int MAX_WAITING = 256;

    private final HikariDataSource dataSource;
    private final ThreadPoolExecutor threads;

    StorePool(HikariDataSource dataSource, int size) {
        this.dataSource = dataSource;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING),
                task -> {
                    Thread thread = new Thread(task, "jivohub-store-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code work} on a pool thread with a pooled connection and waits at most {@code timeout} for it. */
    <T> T call(SqlWork<T> work, Duration timeout) {
        Future<T> result;
        try {
            result = threads.submit(() -> {
                Connection connection = dataSource.getConnection();
                try {
                    T value = work.run(connection);
                    connection.close();
                    return value;
                } catch (SQLException | RuntimeException e) {
                    // Never back into the pool: after some failures (SQLite's full disk) the driver's idea of the
                    // transaction is wrong and every later commit on it fails. See EventWriter too.
                    dataSource.evictConnection(connection);
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            throw new StoreUnavailableException("the store has too many requests waiting", e);
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new StoreUnavailableException("the store did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new StoreUnavailableException("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw new StoreUnavailableException("the store failed: " + sql.getMessage(), sql);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Like {@link #call}, in one transaction: committed when {@code work} returns, rolled back when it throws. */
    <T> T transaction(SqlWork<T> work, Duration timeout) {
        return call(connection -> {
            connection.setAutoCommit(false);
            try {
                T value = work.run(connection);
                connection.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                Transactions.rollBack(connection, e);
                throw e;
            }
        }, timeout);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        dataSource.close();
    }
}
