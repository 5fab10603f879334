package io.jivohub.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps events for a number of days: deletes older ones at start-up and then every {@link #INTERVAL}, in the
 * background and in small chunks, so ingest never waits long (see {@link Deletions}). Several instances may run it
 * on one database at once; they only delete the same rows.
 */
public final class Retention implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Logger LOG = System.getLogger(Retention.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jivohub-retention");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts deleting events older than {@code days} of {@code clock} from {@code deletions}. */
    public Retention(Deletions deletions, int days, Clock clock) {
        Duration keep = Duration.ofDays(days);
        timer.scheduleWithFixedDelay(() -> {
            try {
                long deleted = deletions.deleteReceivedBefore(clock.millis() - keep.toMillis());
                if (deleted > 0) {
                    LOG.log(Level.INFO, "retention: deleted " + deleted + " events older than " + days + " days");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention: could not delete old events, will try again: " + e.getMessage());
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
