package io.jivohub.store;

/**
 * The webhook key an event came with is no longer valid when its batch commits: the connection was revoked or
 * deleted, or the key was rotated out and its overlap is over. Nothing of the event is stored (HTTP 404).
 */
public final class UnknownKeyException extends RuntimeException {
    UnknownKeyException() {
        super("the webhook key is not valid", null, false, false);
    }
}
