package io.jivohub.forward;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.jivohub.store.CommitSignal;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;
import io.jivohub.store.Events;
import io.jivohub.store.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Forwards committed events to every destination: a {@link DestinationRun} on a thread of its own for each
 * destination that is enabled, so that a slow or dead receiver holds back nobody else, and never ingest (which
 * knows nothing of forwarding: the runs read the committed events). Platform threads, not virtual ones: under full
 * ingest the virtual threads' carriers are busy with requests, and a forwarding run queued behind them made a few
 * dozen deliveries a second; the operating system gives a platform thread its share. It looks for new or resumed
 * destinations every {@link #LOOK_EVERY}, and at once when {@link #changed} is called; each look also updates the
 * destinations' gauges ({@link ForwardMetrics#observe}).
 *
 * <p>Every instance runs one; the destinations' leases make one instance at a time forward to each destination,
 * and another take over within a lease when one dies.
 *
 * <p>Thread-safe.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Forwarder.class.getName());
    private static final Duration LOOK_EVERY = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Destinations destinations;
    private final Events events;
    private final CommitSignal committed;
    private final Sender sender;
    /** How long an instance leads a destination without renewing: twice as long as an attempt may take. */
    private final Duration lease;
    private final RetrySchedule schedule;
    private final ForwardMetrics metrics;
    private final String instance = UUID.randomUUID().toString();
    /** The destinations forwarded to now, each by its run and the thread it runs on. */
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Semaphore look = new Semaphore(0);
    private final Thread thread;
    /** The attempts of destinations that allow parallel delivery, beside their runs. */
    private final ExecutorService sending = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("jivohub-forward-send-", 0).factory());
    private volatile boolean closed;

    /**
     * @param schedule when each attempt of a delivery is made
     * @param timeout  how long one attempt may take
     * @param addresses which receivers may be reached
     */
    public Forwarder(Destinations destinations, Events events, CommitSignal committed, RetrySchedule schedule,
                     Duration timeout, AddressRule addresses, MeterRegistry registry) {
        this.destinations = destinations;
        this.events = events;
        this.committed = committed;
        this.sender = new Sender(timeout, addresses);
        this.lease = timeout.plus(WebhookClient.CONNECT_TIMEOUT).multipliedBy(2);
        this.schedule = schedule;
        this.metrics = new ForwardMetrics(registry);
        this.thread = Thread.ofPlatform().daemon().name("jivohub-forwarder").start(this::watch);
    }

    /** Says that a destination was added, changed or resumed: it is looked at now, not at the next look. */
    public void changed() {
        look.release();
    }

    private void watch() {
        while (!closed) {
            try {
                List<Destination> all = destinations.all();
                for (Destination destination : all) {
                    if (!destination.paused() && !running.containsKey(destination.id())) {
                        start(destination.id());
                    }
                }
                metrics.observe(all, destinations::oldestWaiting, System.currentTimeMillis());
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, "forwarding waits for the store: " + e.getMessage());
            }
            try {
                look.tryAcquire(LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                look.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void start(long id) {
        DestinationRun run = new DestinationRun(id, destinations, events, committed, sender, schedule, metrics,
                instance, Clock.systemUTC(), lease, sending);
        Thread thread = Thread.ofPlatform().daemon().name("jivohub-forward-" + id).unstarted(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "forwarding to destination " + id + " stopped; it starts again", e);
            } finally {
                running.remove(id);
            }
        });
        running.put(id, new Running(run, thread));
        thread.start();
    }

    private record Running(DestinationRun run, Thread thread) {
    }

    /**
     * Stops forwarding: attempts under way are cut short and not counted (they are made again after a restart), and
     * this waits for the runs to end, at most {@link #STOP_WAIT}, before the store closes under them.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        List<Running> runs = List.copyOf(running.values());
        runs.forEach(started -> started.run().stop());
        sending.shutdownNow();
        sender.close();
        runs.forEach(started -> started.thread().interrupt());
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Running started : runs) {
            try {
                started.thread().join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
