package io.jivohub.store;

/**
 * Which events, or which table rows by their newest event, by when they were received: at or after {@code from},
 * before {@code to}, in milliseconds since the epoch; either may be null (no bound).
 */
public record Received(Long from, Long to) {
    /** No bound either way. */
    public static final Received ANY = new Received(null, null);
}
