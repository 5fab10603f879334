package io.jivohub.store;

/**
 * A stored event as read back.
 *
 * @param id         server id
 * @param eventName  its type
 * @param receivedAt epoch milliseconds
 * @param body       the raw body as received
 */
public record EventRecord(long id, String eventName, long receivedAt, byte[] body) {
}
