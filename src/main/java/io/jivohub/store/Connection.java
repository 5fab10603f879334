package io.jivohub.store;

/**
 * A connection: what one get_key call created, with the two secrets that make its URLs.
 *
 * @param id          server id
 * @param accountName the name the user gave
 * @param eventName   the event type it captures, or {@code all}
 * @param webhookKey  the secret in its (current) webhook URL
 * @param readKey     the secret in its data URL
 * @param createdAt   epoch milliseconds
 * @param revokedAt   epoch milliseconds when it was revoked, or {@code null} while it is active
 */
public record Connection(long id, String accountName, String eventName, String webhookKey, String readKey,
                         long createdAt, Long revokedAt) {
    public static final String ALL_EVENTS = "all";

    /** Whether events of {@code type} sent to this connection are stored. */
    public boolean captures(String type) {
        return eventName.equals(ALL_EVENTS) || eventName.equals(type);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", eventName=" + eventName + "]";
    }
}
