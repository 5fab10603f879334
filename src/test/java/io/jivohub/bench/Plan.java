package io.jivohub.bench;

import java.time.Duration;

/**
 * How long each measurement runs and how much the read section stores; {@code --quick} shortens everything to check
 * that the benchmark works.
 *
 * @param warmup       load before each measurement, not counted
 * @param measure      load that is counted
 * @param storedEvents events the read section stores and then reads
 * @param startups     start-ups the median start-up time is taken of
 */
record Plan(Duration warmup, Duration measure, int storedEvents, int startups) {
    static Plan of(boolean quick) {
        return quick ? new Plan(Duration.ofSeconds(1), Duration.ofSeconds(3), 20_000, 1)
                : new Plan(Duration.ofSeconds(5), Duration.ofSeconds(15), 1_000_000, 3);
    }
}
