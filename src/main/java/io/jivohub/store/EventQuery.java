package io.jivohub.store;

/**
 * Which events to read, in ascending id order.
 *
 * @param connectionId   only this connection's, or {@code null} for every connection's
 * @param eventName      only this type, or {@code null} for all
 * @param received       only events received in this range
 * @param afterId        only events with a larger id (0 for all)
 * @param limit          at most this many events
 */
public record EventQuery(Long connectionId, String eventName, Received received, long afterId, int limit) {
}
