package io.jivohub.admin;

/**
 * A management request the rules refuse, and why, in words for the person who asked. The JSON API answers it as
 * 400, 404 or 409 with {@code {"error": message}}; the dashboard's forms, when they come, show the message.
 */
public final class Refusal extends RuntimeException {
    /** What kind of no it is. */
    public enum Kind {
        /** The request itself is wrong: a name too long, a number out of range. */
        INVALID,
        /** There is no such connection. */
        NOT_FOUND,
        /** The connection is in a state that does not allow it: revoked. */
        CONFLICT
    }

    private final Kind kind;

    Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
