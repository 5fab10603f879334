package io.jivohub.capture;

import java.util.concurrent.atomic.AtomicLong;

import io.jivohub.store.EventSink;
import io.jivohub.store.NewEvent;
import io.jivohub.store.StoredEvent;

/**
 * The benchmark's baseline ({@code --bench-baseline}): everything a webhook request does, except storing. Ids still
 * grow, so answers look the same; nothing is kept. Thread-safe.
 */
public final class DiscardingSink implements EventSink {
    private final AtomicLong ids = new AtomicLong();

    /** Says loudly that this instance stores nothing. */
    public DiscardingSink() {
        System.getLogger(DiscardingSink.class.getName()).log(System.Logger.Level.WARNING,
                "--bench-baseline: webhooks are answered WITHOUT STORING them; for benchmarks only");
    }

    @Override
    public StoredEvent write(NewEvent event) {
        return new StoredEvent(ids.incrementAndGet(), System.currentTimeMillis(), false);
    }
}
