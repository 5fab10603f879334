package io.jivohub.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jivohub.store.EventTypes;
import io.jivohub.store.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts webhook events by type and outcome ({@code jivohub_events_total}). Types outside Jivo's list are counted
 * as {@code other}, so a sender cannot grow the number of series.
 */
final class EventMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String type, Outcome outcome) {
        String tag = type == null ? "unknown" : EventTypes.JIVO.contains(type) ? type : "other";
        counters.computeIfAbsent(tag + ' ' + outcome, key -> Counter.builder("jivohub.events")
                        .description("Webhook events received, by type and outcome")
                        .tag("type", tag)
                        .tag("outcome", outcome.label())
                        .register(registry))
                .increment();
    }
}
