package io.jivohub.data;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.columns.EventParser;
import io.jivohub.store.EventColumns;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.store.Received;
import io.jivohub.store.StoreUnavailableException;

/**
 * Gathers, once and in the background, the columns of the events stored before jivohub kept them
 * ({@link EventColumns}): page by page in id order, each page's columns committed with how far it got, so a
 * restart goes on where it stopped. Several instances may gather at once; a column keeps the earliest event that
 * brought it, whoever gathers it. Until it is done, the files of the raw events answer 503.
 *
 * <p>Thread-safe.
 */
public final class ColumnGathering implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ColumnGathering.class.getName());
    private static final int PAGE = 1000;
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Events events;
    private final EventColumns catalog;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts gathering, if anything is left to gather. */
    public ColumnGathering(Events events, EventColumns catalog) {
        this.events = events;
        this.catalog = catalog;
        this.thread = Thread.ofPlatform().daemon().name("jivohub-column-gathering").start(this::gatherAll);
    }

    private void gatherAll() {
        while (!closed) {
            try {
                EventColumns.Gathering state = catalog.gathering();
                if (state.done()) {
                    return;
                }
                EventPage page = events.page(new EventQuery(null, null, Received.ANY, state.gathered(), PAGE),
                        found -> found);
                List<EventColumns.EventNames> names = new ArrayList<>(page.events().size());
                for (EventRecord event : page.events()) {
                    if (event.id() <= state.toReach()) {
                        names(event, names);
                    }
                }
                long last = page.more() ? page.events().getLast().id() : state.toReach();
                catalog.gather(names, Math.min(last, state.toReach()));
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, "gathering the columns of older events waits for the store: " + e.getMessage());
                if (!rest()) {
                    return;
                }
            }
        }
    }

    /** Adds the columns of {@code event} to {@code names}; a body that cannot be read brings none. */
    private static void names(EventRecord event, List<EventColumns.EventNames> names) {
        try {
            names.add(new EventColumns.EventNames(event.id(), event.connectionId(), event.eventName(),
                    EventParser.parseStored(event.body()).columnNames()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event " + event.id() + " cannot be read; its columns are left out");
        }
    }

    private boolean rest() {
        try {
            Thread.sleep(RETRY);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
