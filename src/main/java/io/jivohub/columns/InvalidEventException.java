package io.jivohub.columns;

/** A request body that is not an event jivohub can store: not UTF-8, not JSON, or not a JSON object. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
