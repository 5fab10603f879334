package io.jivohub.forward;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.jivohub.store.Destination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Forwarding in {@code /metrics}: attempts by destination and outcome ({@code delivered}, {@code failed},
 * {@code gone}) and how long they took; and per destination, looked at every few seconds, how long ago the oldest
 * event it still waits to deliver arrived ({@code 0} when none waits) and whether it is paused, for an alert. A
 * destination is named by its id, never its URL, which may carry a secret. Thread-safe.
 */
final class ForwardMetrics {
    private final MeterRegistry registry;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();

    /** What was last seen of a destination, which its gauges read. */
    private static final class Watched {
        volatile double oldestWaitingSeconds;
        volatile double paused;
        final List<Meter> gauges = new ArrayList<>();
    }

    ForwardMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Notes what the destinations are now: {@code oldestWaiting} tells when the oldest event one waits to deliver was
     * received, if one waits. Gauges of destinations that are gone are removed.
     */
    void observe(List<Destination> destinations, Function<Destination, Optional<Long>> oldestWaiting, long now) {
        Set<Long> present = new HashSet<>();
        for (Destination destination : destinations) {
            present.add(destination.id());
            Watched seen = watched.computeIfAbsent(destination.id(), this::register);
            seen.oldestWaitingSeconds = oldestWaiting.apply(destination).map(at -> Math.max(0, now - at) / 1000.0)
                    .orElse(0.0);
            seen.paused = destination.paused() ? 1 : 0;
        }
        watched.keySet().removeIf(id -> {
            if (present.contains(id)) {
                return false;
            }
            watched.get(id).gauges.forEach(registry::remove);
            return true;
        });
    }

    private Watched register(long id) {
        Watched seen = new Watched();
        String destination = String.valueOf(id);
        seen.gauges.add(Gauge.builder("jivohub.forward.oldest.waiting.seconds", seen, s -> s.oldestWaitingSeconds)
                .description("how long ago the oldest event a destination still waits to deliver arrived")
                .tag("destination", destination).register(registry));
        seen.gauges.add(Gauge.builder("jivohub.forward.paused", seen, s -> s.paused)
                .description("1 while a destination is paused (by the admin, a 410, or days of failures)")
                .tag("destination", destination).register(registry));
        return seen;
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
