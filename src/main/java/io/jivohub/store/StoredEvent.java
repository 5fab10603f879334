package io.jivohub.store;

/**
 * A committed event.
 *
 * @param id         server id, strictly increasing in commit order
 * @param receivedAt when it was first stored, epoch milliseconds
 * @param duplicate  whether this write was a retry of an event stored before (nothing new was stored)
 */
public record StoredEvent(long id, long receivedAt, boolean duplicate) {
}
