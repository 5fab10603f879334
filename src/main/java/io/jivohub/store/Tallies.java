package io.jivohub.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-connection counts by {@link Outcome} that wait for the writer's next transaction. Thread-safe.
 */
final class Tallies {
    private final Map<Long, long[]> pending = new ConcurrentHashMap<>();

    void add(long connectionId, Outcome outcome, long count) {
        pending.compute(connectionId, (id, counts) -> {
            long[] sum = counts == null ? new long[Outcome.values().length] : counts;
            sum[outcome.ordinal()] += count;
            return sum;
        });
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Takes every pending count away. */
    Map<Long, long[]> drain() {
        Map<Long, long[]> drained = new HashMap<>();
        for (Long id : pending.keySet()) {
            long[] counts = pending.remove(id);
            if (counts != null) {
                drained.put(id, counts);
            }
        }
        return drained;
    }

    /** Puts counts back that could not be committed. */
    void restore(Map<Long, long[]> counts) {
        counts.forEach((id, values) -> {
            for (Outcome outcome : Outcome.values()) {
                if (values[outcome.ordinal()] != 0) {
                    add(id, outcome, values[outcome.ordinal()]);
                }
            }
        });
    }
}
