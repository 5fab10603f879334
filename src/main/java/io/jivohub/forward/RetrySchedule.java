package io.jivohub.forward;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a delivery is attempted: the first attempt after the first delay (0: at once), each further one after the
 * next, with a tenth of jitter either way so that many deliveries that failed together do not retry together. A
 * receiver's {@code Retry-After} pushes an attempt later, never earlier. After the last delay's attempt the delivery
 * has failed for good. Immutable.
 *
 * @param delays the delay before each attempt, from the event's arrival or the attempt before
 */
public record RetrySchedule(List<Duration> delays) {
    /** About a day of attempts. */
    public static final String DEFAULT = "0s,5s,5m,30m,2h,5h,10h,14h,20h,24h";

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** The attempts a delivery gets. */
    public int attempts() {
        return delays.size();
    }

    /**
     * When the attempt after {@code attemptsMade} is due, at {@code now} with the receiver's {@code retryAfter}
     * (zero when it gave none); empty when none is left.
     */
    public OptionalLong next(int attemptsMade, long now, Duration retryAfter) {
        if (attemptsMade >= delays.size()) {
            return OptionalLong.empty();
        }
        long millis = delays.get(attemptsMade).toMillis();
        long jitter = millis / 10;
        long delay = jitter == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return OptionalLong.of(now + Math.max(delay, retryAfter.toMillis()));
    }
}
