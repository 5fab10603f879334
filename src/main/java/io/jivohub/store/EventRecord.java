package io.jivohub.store;

/**
 * A stored event as read back.
 *
 * @param id           server id
 * @param connectionId the connection it came through
 * @param eventName    its type
 * @param receivedAt   epoch milliseconds
 * @param body         the raw body as received
 */
public record EventRecord(long id, long connectionId, String eventName, long receivedAt, byte[] body) {
}
