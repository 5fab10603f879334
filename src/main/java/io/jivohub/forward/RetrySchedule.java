package io.jivohub.forward;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a delivery is attempted: at each of the given times after its first attempt (the first time is 0: at once),
 * each wait between two attempts with a tenth of jitter either way, so that many deliveries that failed together do
 * not retry together. A receiver's {@code Retry-After} pushes an attempt later, never earlier. After the last
 * time's attempt the delivery has failed for good. Immutable.
 *
 * @param times when each attempt is made, after the first: increasing, the first 0
 */
public record RetrySchedule(List<Duration> times) {
    /** About a day of attempts. */
    public static final String DEFAULT = "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h";

    public RetrySchedule {
        times = List.copyOf(times);
        if (times.isEmpty() || !times.getFirst().isZero()) {
            throw new IllegalArgumentException("the first attempt is at once");
        }
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i).compareTo(times.get(i - 1)) <= 0) {
                throw new IllegalArgumentException("the times must increase");
            }
        }
    }

    /**
     * When the attempt after {@code attemptsMade} (at least one) is due, at {@code now} with the receiver's
     * {@code retryAfter} (zero when it gave none); empty when none is left.
     */
    public OptionalLong next(int attemptsMade, long now, Duration retryAfter) {
        if (attemptsMade >= times.size()) {
            return OptionalLong.empty();
        }
        long millis = times.get(attemptsMade).minus(times.get(attemptsMade - 1)).toMillis();
        long jitter = millis / 10;
        long delay = jitter == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return OptionalLong.of(now + Math.max(delay, retryAfter.toMillis()));
    }
}
