package io.jivohub.forward;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.jivohub.store.CommitSignal;
import io.jivohub.store.Delivery;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.store.Received;
import io.jivohub.store.StoreUnavailableException;

/**
 * Forwards a connection's committed events to one destination, in event order, while this instance holds the
 * destination's lease. Each round it first attempts the deliveries that are due again (retries, and those asked
 * for again), then follows the events after the destination's position. The first event it forwards that fails
 * keeps a delivery row and holds the events behind it back until it is delivered or has failed for good, so the
 * receiver gets them in order; then the position moves past it.
 *
 * <p>A destination that allows parallel delivery gets each page's events {@link #IN_FLIGHT} at a time instead, in
 * any order: one that fails keeps its row and is retried on its own while the others go on.
 *
 * <p>Nothing is lost to a crash: the position is written after the deliveries it covers, at most
 * {@link #WRITE_EVERY} later, so at worst that much of its deliveries are made again (the receiver drops them by
 * {@code webhook-id}); a failed attempt is written before the next one is made.
 *
 * <p>The lease is renewed before any attempt once half of it is gone, and it is twice as long as an attempt may
 * take, so no other instance takes over a destination while an attempt to it is under way; when this instance
 * died, another takes over once its lease ran out.
 *
 * <p>A 410 answer, or every attempt failing for {@link #PAUSE_AFTER_FAILING}, pauses the destination with the reason;
 * the run ends then, as it does when the destination is deleted or paused, or when {@link #stop} is called.
 */
final class DestinationRun implements Runnable {
    private static final Logger LOG = System.getLogger(DestinationRun.class.getName());
    static final Duration PAUSE_AFTER_FAILING = Duration.ofDays(3);
    private static final int PAGE = 100;
    private static final Duration WRITE_EVERY = Duration.ofMillis(250);
    /** Attempts under way at once for a destination that allows parallel delivery. */
    static final int IN_FLIGHT = 16;
    /** The longest wait for new events: other instances' commits wake nobody here. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final long id;
    private final Destinations destinations;
    private final Events events;
    private final CommitSignal committed;
    private final Sender sender;
    private final RetrySchedule schedule;
    private final ForwardMetrics metrics;
    private final String instance;
    private final Clock clock;
    private final Duration lease;
    private final Executor sending;
    private volatile boolean stopped;
    private long leaseUntil;

    /** How far the destination got while this instance leads it; written by {@link #writeProgress}. */
    private long position;
    private Long failingSince;
    private String lastError;
    private boolean paused;
    /** Whether the lease was lost during the round: another instance forwards to the destination now. */
    private boolean lost;
    /** Whether this instance leads the destination: its position is then the one kept here. */
    private boolean leading;
    private Progress written;
    private long writtenAt;

    DestinationRun(long id, Destinations destinations, Events events, CommitSignal committed, Sender sender,
                   RetrySchedule schedule, ForwardMetrics metrics, String instance, Clock clock, Duration lease,
                   Executor sending) {
        this.id = id;
        this.destinations = destinations;
        this.events = events;
        this.committed = committed;
        this.sender = sender;
        this.schedule = schedule;
        this.metrics = metrics;
        this.instance = instance;
        this.clock = clock;
        this.lease = lease;
        this.sending = sending;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    if (!round()) {
                        return;
                    }
                } catch (StoreUnavailableException e) {
                    LOG.log(Level.WARNING, "forwarding to destination " + id + " waits for the store: "
                            + e.getMessage());
                    sleep(IDLE_WAIT);
                }
            }
        } finally {
            try {
                if (leading) {
                    writeProgress(true);
                }
            } catch (StoreUnavailableException e) {
                // the position stays where it was last written: those deliveries are made again
            }
            try {
                destinations.resign(id, instance);
            } catch (StoreUnavailableException e) {
                // the lease runs out by itself
            }
        }
    }

    /** One round; false once the destination is gone or paused. */
    private boolean round() {
        Optional<Destination> found = destinations.byId(id);
        if (found.isEmpty() || found.get().paused()) {
            return false;
        }
        Destination destination = found.get();
        long now = clock.millis();
        lost = false;
        if (leading ? !holdsLease() : !lead(now)) {
            leading = false;
            sleep(lease.dividedBy(3)); // another instance forwards to it
            return true;
        }
        if (!leading) { // where the one that led it before got to, read once the lease is ours
            leading = true;
            Optional<Destination> led = destinations.byId(id);
            if (led.isEmpty()) {
                return false;
            }
            destination = led.get();
            position = destination.position();
            failingSince = destination.failingSince();
            lastError = destination.lastError();
            written = new Progress(position, failingSince, lastError);
        }
        paused = false;
        boolean worked = retry(destination);
        worked |= !paused && !lost && follow(destination);
        writeProgress(!worked || paused || lost || !Objects.equals(failingSince, written.failingSince()));
        leading = !lost;
        if (!paused && failingSince != null && now - failingSince >= PAUSE_AFTER_FAILING.toMillis()) {
            destinations.pause(id, now, "every attempt failed since " + Instant.ofEpochMilli(failingSince)
                    + "; the last: " + lastError);
            return false;
        }
        if (paused) {
            return false;
        }
        if (!worked) {
            long wait = destinations.nextDue(id).map(due -> Math.max(0, due - clock.millis()))
                    .orElse(IDLE_WAIT.toMillis());
            awaitEvents(Duration.ofMillis(Math.min(wait, IDLE_WAIT.toMillis())));
        }
        return true;
    }

    /**
     * Writes how far the destination got, when it changed: at once when {@code now} (the run waits, the destination
     * fails or stops), else at most every {@link #WRITE_EVERY}, so that a busy destination does not queue a write
     * behind every event batch. A crash repeats at most that much of its deliveries.
     */
    private void writeProgress(boolean now) {
        Progress current = new Progress(position, failingSince, lastError);
        if (!current.equals(written) && (now || clock.millis() - writtenAt >= WRITE_EVERY.toMillis())) {
            destinations.progress(id, instance, position, failingSince, lastError);
            written = current;
            writtenAt = clock.millis();
        }
    }

    /** How far a destination got, as written. */
    private record Progress(long position, Long failingSince, String lastError) {
    }

    /** The deliveries due again; whether there were any. */
    private boolean retry(Destination destination) {
        List<Delivery> due = destinations.due(id, clock.millis(), PAGE);
        for (Delivery delivery : due) {
            if (stopped || paused || !holdsLease()) {
                break;
            }
            Optional<EventRecord> event = events.one(destination.connectionId(), delivery.eventId());
            if (event.isEmpty()) {
                destinations.delivered(id, delivery.eventId()); // erased or expired meanwhile: nothing to send
                handedOver(destination, delivery.eventId(), true);
                continue;
            }
            attempt(destination, event.get(), delivery.attempts(), true);
        }
        return !due.isEmpty();
    }

    /** The events after the position, up to the first that must wait; whether there were any. */
    private boolean follow(Destination destination) {
        EventPage page = events.page(new EventQuery(destination.connectionId(), null, Received.ANY, position, PAGE),
                found -> found);
        if (destination.parallel()) {
            followInParallel(destination, page.events());
            return !page.events().isEmpty();
        }
        boolean head = true;
        for (EventRecord event : page.events()) {
            if (stopped || paused || !holdsLease()) {
                break;
            }
            if (!destination.forwards(event.eventName())) {
                handedOver(destination, event.id(), false);
                continue;
            }
            if (head) {
                Optional<Delivery> kept = destinations.delivery(id, event.id());
                if (kept.isPresent() && !kept.get().failed()) {
                    return false; // its retry is not due yet, and the events behind it wait for it
                }
                head = false;
                if (kept.isPresent()) { // it failed for good before the position was written: it is handed over
                    handedOver(destination, event.id(), false);
                    continue;
                }
            }
            if (!attempt(destination, event, 0, false)) {
                break;
            }
        }
        return !page.events().isEmpty() && position == page.events().getLast().id();
    }

    /**
     * A destination that allows it gets a page's events {@link #IN_FLIGHT} at a time, in any order; each that fails
     * keeps a delivery row for its retries, and the events behind it go on. Each of up to {@link #IN_FLIGHT} senders
     * takes the page's next event until none is left, rather than one task per event: on two busy cores every
     * hand-off between threads waits for a core. This thread renews the lease meanwhile; once it is lost, or the run
     * stops, the senders take no more, and what they did not take is sent by whoever leads next.
     */
    private void followInParallel(Destination destination, List<EventRecord> page) {
        if (stopped || !holdsLease()) {
            return;
        }
        List<EventRecord> forwarded = page.stream().filter(event -> destination.forwards(event.eventName())).toList();
        Attempt[] attempts = new Attempt[forwarded.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean cut = new AtomicBoolean();
        int senders = Math.min(IN_FLIGHT, forwarded.size());
        CountDownLatch done = new CountDownLatch(senders);
        Runnable sender = () -> {
            try {
                for (int i = next.getAndIncrement(); i < attempts.length && !cut.get() && !stopped;
                     i = next.getAndIncrement()) {
                    attempts[i] = timed(destination, forwarded.get(i));
                }
            } finally {
                done.countDown();
            }
        };
        try {
            for (int i = 0; i < senders; i++) {
                sending.execute(sender);
            }
            while (!done.await(lease.toMillis() / 4, TimeUnit.MILLISECONDS)) {
                if (stopped || !holdsLease()) {
                    cut.set(true);
                }
            }
        } catch (RejectedExecutionException e) {
            return; // the shutdown: what was not recorded is sent again after the restart
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (StoreUnavailableException e) { // renewing the lease: the senders end their attempts first
            cut.set(true);
            try {
                done.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        if (stopped) {
            return;
        }
        int made = 0;
        while (made < attempts.length && attempts[made] != null) {
            record(destination, forwarded.get(made), 0, false, attempts[made]);
            made++;
        }
        if (made == attempts.length && !lost && !page.isEmpty()) {
            handedOver(destination, page.getLast().id(), false);
        }
    }

    /** One attempt, counted in the metrics unless the shutdown cut it short. */
    private Attempt timed(Destination destination, EventRecord event) {
        long started = System.nanoTime();
        Attempt attempt = sender.send(destination, event, clock.millis());
        if (!stopped) {
            metrics.attempted(destination.id(), attempt, System.nanoTime() - started);
        }
        return attempt;
    }

    /**
     * Attempts {@code event} after {@code attemptsMade} attempts, and keeps what became of it.
     *
     * @param kept whether the delivery has a row already (a retry, or one asked for again)
     * @return whether the events behind it may go: it was delivered or has failed for good
     */
    private boolean attempt(Destination destination, EventRecord event, int attemptsMade, boolean kept) {
        Attempt attempt = timed(destination, event);
        if (stopped) {
            return false; // cut short by the shutdown: not an attempt, made again after the restart
        }
        return record(destination, event, attemptsMade, kept, attempt);
    }

    /** Keeps what became of an attempt; see {@link #attempt}. */
    private boolean record(Destination destination, EventRecord event, int attemptsMade, boolean kept,
                           Attempt attempt) {
        long now = clock.millis();
        if (attempt.delivered()) {
            if (kept) {
                destinations.delivered(id, event.id());
            }
            failingSince = null;
            lastError = null;
            handedOver(destination, event.id(), kept);
            return true;
        }
        failingSince = failingSince == null ? now : failingSince;
        lastError = attempt.error();
        OptionalLong next = attempt.gone() ? OptionalLong.empty()
                : schedule.next(attemptsMade + 1, now, attempt.retryAfter());
        destinations.keep(new Delivery(id, event.id(), attemptsMade + 1, next.isPresent() ? next.getAsLong() : null,
                attempt.status(), attempt.error(), now));
        if (attempt.gone()) {
            destinations.pause(id, now, attempt.error());
            paused = true;
        }
        if (next.isEmpty()) {
            handedOver(destination, event.id(), kept);
            return true;
        }
        return false;
    }

    /** Whether this instance still leads the destination, renewing the lease once half of it is gone. */
    private boolean holdsLease() {
        long now = clock.millis();
        if (!lost && now > leaseUntil - lease.toMillis() / 2) {
            lost = !lead(now);
        }
        return !lost;
    }

    /** Takes or renews the lease at {@code now}; whether this instance holds it. */
    private boolean lead(long now) {
        boolean led = destinations.lead(id, instance, now, now + lease.toMillis());
        if (led) {
            leaseUntil = now + lease.toMillis();
        }
        return led;
    }

    /**
     * Moves the position past {@code eventId}, unless it is there already (a delivery sent again). A retried
     * delivery ({@code kept}) moves it only for an ordered destination, where the one retried beyond the position is
     * always the next; a parallel destination may keep retries for events after others not handed over yet (a round
     * cut short), and moving past them would skip those.
     */
    private void handedOver(Destination destination, long eventId, boolean kept) {
        if (!kept || !destination.parallel()) {
            position = Math.max(position, eventId);
        }
    }

    private void awaitEvents(Duration atMost) {
        try {
            committed.awaitAfter(position, atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
