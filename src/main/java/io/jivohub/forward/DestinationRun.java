package io.jivohub.forward;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
 * <p>Nothing is lost to a crash: the position is written after the deliveries it covers, so at worst a round's
 * deliveries are made again (the receiver drops them by {@code webhook-id}); a failed attempt is written before the
 * next one is made.
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
    private volatile boolean stopped;
    private long leaseUntil;

    /** What a round changed of the destination's progress, written once at its end. */
    private long position;
    private Long failingSince;
    private String lastError;
    private boolean paused;
    /** Whether the lease was lost during the round: another instance forwards to the destination now. */
    private boolean lost;

    DestinationRun(long id, Destinations destinations, Events events, CommitSignal committed, Sender sender,
                   RetrySchedule schedule, ForwardMetrics metrics, String instance, Clock clock, Duration lease) {
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
        if (!destinations.lead(id, instance, now, now + lease.toMillis())) {
            sleep(lease.dividedBy(3)); // another instance forwards to it
            return true;
        }
        leaseUntil = now + lease.toMillis();
        lost = false;
        position = destination.position();
        failingSince = destination.failingSince();
        lastError = destination.lastError();
        paused = false;
        boolean worked = retry(destination);
        worked |= !paused && !lost && follow(destination);
        if (position != destination.position() || !same(failingSince, destination.failingSince())
                || !same(lastError, destination.lastError())) {
            destinations.progress(id, instance, position, failingSince, lastError);
        }
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
                handedOver(delivery.eventId());
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
        boolean head = true;
        for (EventRecord event : page.events()) {
            if (stopped || paused || !holdsLease()) {
                break;
            }
            if (!destination.forwards(event.eventName())) {
                handedOver(event.id());
                continue;
            }
            if (head && destinations.delivery(id, event.id()).isPresent()) {
                return false; // its retry is not due yet, and the events behind it wait for it
            }
            head = false;
            if (!attempt(destination, event, 0, false)) {
                break;
            }
        }
        return !page.events().isEmpty() && position == page.events().getLast().id();
    }

    /**
     * Attempts {@code event} after {@code attemptsMade} attempts, and keeps what became of it.
     *
     * @param kept whether the delivery has a row already (a retry, or one asked for again)
     * @return whether the events behind it may go: it was delivered or has failed for good
     */
    private boolean attempt(Destination destination, EventRecord event, int attemptsMade, boolean kept) {
        long now = clock.millis();
        long started = System.nanoTime();
        Attempt attempt = sender.send(destination, event, now);
        if (stopped) {
            return false; // cut short by the shutdown: not an attempt, made again after the restart
        }
        metrics.attempted(destination.id(), attempt, System.nanoTime() - started);
        if (attempt.delivered()) {
            if (kept) {
                destinations.delivered(id, event.id());
            }
            failingSince = null;
            lastError = null;
            handedOver(event.id());
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
            handedOver(event.id());
            return true;
        }
        return false;
    }

    /** Whether this instance still leads the destination, renewing the lease once half of it is gone. */
    private boolean holdsLease() {
        long now = clock.millis();
        if (!lost && now > leaseUntil - lease.toMillis() / 2) {
            lost = !destinations.lead(id, instance, now, now + lease.toMillis());
            leaseUntil = now + lease.toMillis();
        }
        return !lost;
    }

    /** Moves the position past {@code eventId}, unless it is there already (a delivery sent again). */
    private void handedOver(long eventId) {
        position = Math.max(position, eventId);
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

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }
}
