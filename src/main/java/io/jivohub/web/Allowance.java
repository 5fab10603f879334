package io.jivohub.web;

import java.util.function.LongSupplier;

/**
 * How many of something one client may still have: at most {@code perMinute} at once, refilled continuously over a
 * minute (a token bucket). Thread-safe.
 */
final class Allowance {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private double left;
    private long updated;

    /** A full allowance; {@code nanoTime} is the clock, {@link System#nanoTime} outside tests. */
    Allowance(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.left = perMinute;
        this.updated = nanoTime.getAsLong();
    }

    /** Nanoseconds until one more is allowed; 0 when one is allowed now. */
    synchronized long waitNanos() {
        refill();
        return left >= 1 ? 0 : (long) Math.ceil((1 - left) * MINUTE_NANOS / perMinute);
    }

    /** Uses one up (never below none). */
    synchronized void spend() {
        refill();
        left = Math.max(0, left - 1);
    }

    /** Whether it has refilled completely, so forgetting it changes nothing. */
    synchronized boolean isFull() {
        refill();
        return left >= perMinute;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        left = Math.min(perMinute, left + (double) (now - updated) * perMinute / MINUTE_NANOS);
        updated = now;
    }
}
