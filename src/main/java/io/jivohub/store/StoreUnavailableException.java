package io.jivohub.store;

/**
 * The store could not do what was asked: the database failed, did not answer in time, or has too much waiting.
 * Nothing was committed for the request that gets it, so the client should try again later (HTTP 503).
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message, null, false, false);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
