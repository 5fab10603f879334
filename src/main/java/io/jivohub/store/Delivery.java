package io.jivohub.store;

/**
 * A delivery that did not succeed at its first attempt, or that was asked for again. Immutable.
 *
 * @param destinationId where it goes
 * @param eventId       what goes
 * @param attempts      attempts made so far
 * @param nextAttemptAt epoch milliseconds of the next attempt, or null when it failed for good
 * @param lastStatus    the receiver's HTTP status at the last attempt, or null when it did not answer
 * @param lastError     what the last attempt met
 * @param updatedAt     epoch milliseconds of the last attempt or request
 */
public record Delivery(long destinationId, long eventId, int attempts, Long nextAttemptAt, Integer lastStatus,
                       String lastError, long updatedAt) {
    public boolean failed() {
        return nextAttemptAt == null;
    }
}
