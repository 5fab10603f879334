package io.jivohub.admin;

import io.helidon.http.Status;

/**
 * A management request the rules refuse, and why, in words for the person who asked. The JSON API answers it as
 * 400, 404 or 409 with {@code {"error": message}}; the dashboard shows the message on a page with that status.
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

    /** The HTTP status it is answered with: 400, 404 or 409. */
    public Status status() {
        return switch (kind) {
            case INVALID -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
        };
    }
}
