package io.jivohub.forward;

import java.time.Duration;

/**
 * What one attempt to deliver an event met. Immutable.
 *
 * @param status     the receiver's HTTP status, or null when it did not answer
 * @param error      what went wrong, for the admin to read (never the URL or a header), or null when delivered
 * @param retryAfter how long the receiver asked to wait ({@code Retry-After} with 429 or 503), else zero
 */
record Attempt(Integer status, String error, Duration retryAfter) {
    static Attempt answered(int status, Duration retryAfter) {
        String error = status / 100 == 2 ? null
                : status == 410 ? "the receiver answered 410 Gone: it wants no more events"
                : status / 100 == 3 ? "the receiver answered " + status + " (a redirect, which is not followed)"
                : "the receiver answered " + status;
        return new Attempt(status, error, retryAfter);
    }

    static Attempt unanswered(String error) {
        return new Attempt(null, error, Duration.ZERO);
    }

    /** Only a 2xx answer counts. */
    boolean delivered() {
        return error == null;
    }

    /** A 410: the receiver wants no more; the destination is paused. */
    boolean gone() {
        return status != null && status == 410;
    }
}
