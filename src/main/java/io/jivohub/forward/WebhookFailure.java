package io.jivohub.forward;

import java.io.IOException;

/**
 * Why a webhook got no answer, in words for the admin to read: never the URL (its path may carry a secret) or a
 * header.
 */
public final class WebhookFailure extends IOException {
    /** What kind of failure it was. */
    public enum Kind {
        /** The receiver's address is one {@link AddressRule} refuses. */
        REFUSED_ADDRESS,
        /** No connection: the name did not resolve, or the receiver refused or did not accept it in time. */
        UNREACHED,
        /** No whole answer before the deadline. */
        TIMEOUT,
        /** The connection broke, or the receiver answered what is not HTTP. */
        BROKEN
    }

    private final Kind kind;

    WebhookFailure(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
