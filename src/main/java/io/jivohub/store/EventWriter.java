package io.jivohub.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores events: {@link GroupCommit} gathers the requests of many threads into batches, {@link BatchTransaction}
 * commits each batch on the single write connection, and only then is each request answered. After every commit
 * the {@link CommitSignal} learns the newest id, for the work that follows committed events.
 *
 * <p>Other writes that must not race the batches (deleting events) run on the same thread and connection, each in
 * its own transaction between two batches: see {@link #run}.
 *
 * <p>Publishes {@code jivohub_writer_batch_size}, {@code jivohub_writer_commit_seconds} and
 * {@code jivohub_writer_queue}.
 *
 * <p>Thread-safe: {@link #write} may be called from any number of threads.
 */
public final class EventWriter implements EventSink, AutoCloseable {
    private static final int QUEUE_CAPACITY = 8192;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long counts of unstored events wait for a batch before they are committed on their own. */
    private static final Duration TALLY_WAIT = Duration.ofSeconds(1);

    private final BatchTransaction transaction;
    private final CommitSignal committed;
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private final GroupCommit<NewEvent, StoredEvent> group;

    /**
     * @param maxBatch the most events one transaction commits; 1 commits every event on its own
     * @param registry where the batch sizes, commit times and queue depth are published
     */
    EventWriter(HikariDataSource dataSource, Dialect dialect, Clock clock, long lastReceivedAt, int maxBatch,
                MeterRegistry registry, CommitSignal committed) {
        this.transaction = new BatchTransaction(dataSource, dialect, clock, lastReceivedAt);
        this.committed = committed;
        this.batchSizes = DistributionSummary.builder("jivohub.writer.batch.size")
                .description("Events committed by one transaction")
                .publishPercentileHistogram()
                .register(registry);
        this.commits = Timer.builder("jivohub.writer.commit")
                .description("Time to insert and commit one batch")
                .publishPercentileHistogram()
                .register(registry);
        this.group = new GroupCommit<>("jivohub-writer", QUEUE_CAPACITY, maxBatch, TALLY_WAIT, new Measured());
        Gauge.builder("jivohub.writer.queue", group, GroupCommit::queued)
                .description("Events waiting for the writer")
                .register(registry);
    }

    /** The batch transaction, measured, and followed by the commit signal. */
    private final class Measured implements GroupCommit.Committer<NewEvent, StoredEvent> {
        @Override
        public List<GroupCommit.Answer<StoredEvent>> commit(List<NewEvent> batch) {
            long start = System.nanoTime();
            List<GroupCommit.Answer<StoredEvent>> answers = transaction.commit(batch);
            if (!batch.isEmpty()) {
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(batch.size());
            }
            answers.stream().filter(answer -> answer.value() != null)
                    .mapToLong(answer -> answer.value().id()).max().ifPresent(committed::committed);
            return answers;
        }

        @Override
        public boolean hasIdleWork() {
            return transaction.hasIdleWork();
        }
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
        return group.submit(event, COMMIT_TIMEOUT);
    }

    /** Counts an event of {@code connectionId} that was answered without being stored. */
    @Override
    public void count(long connectionId, Outcome outcome) {
        transaction.tally(connectionId, outcome);
    }

    /**
     * Runs {@code work} in a transaction of its own on the writer's connection, between two event batches, and
     * returns its result once committed. For writes that must not race event batches; keep each one short, since
     * ingest waits for it.
     */
    <T> T run(SqlWork<T> work, Duration timeout) {
        return group.run(() -> transaction.runAlone(work), timeout);
    }

    /** Whether events are being stored right now: some are queued or a batch is committing. */
    public boolean isBusy() {
        return group.isBusy();
    }

    /**
     * How long it has spent committing event batches since it started, in nanoseconds: its share of a stretch of
     * time says how close ingest is to what the machine can store.
     */
    public long storingNanos() {
        return group.committingNanos();
    }

    /** Commits everything already queued, refuses new events, stops the writer thread and closes its connection. */
    @Override
    public void close() {
        group.close();
        transaction.close();
    }
}
