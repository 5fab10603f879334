package io.jivohub.forward;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forwarding in {@code /metrics}: attempts by destination and outcome ({@code delivered}, {@code failed},
 * {@code gone}) and how long they took. A destination is named by its id, never its URL, which may carry a secret.
 */
final class ForwardMetrics {
    private final MeterRegistry registry;

    ForwardMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempted(long destinationId, Attempt attempt, long nanos) {
        String destination = String.valueOf(destinationId);
        String outcome = attempt.delivered() ? "delivered" : attempt.gone() ? "gone" : "failed";
        Counter.builder("jivohub.forward.attempts").description("attempts to deliver an event to a destination")
                .tag("destination", destination).tag("outcome", outcome).register(registry).increment();
        Timer.builder("jivohub.forward.attempt").description("how long an attempt to deliver an event took")
                .tag("destination", destination).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
