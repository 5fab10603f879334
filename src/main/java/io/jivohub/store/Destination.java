package io.jivohub.store;

import java.util.List;
import java.util.Map;

/**
 * Where a connection's events are forwarded to. Immutable.
 *
 * @param id             server id
 * @param connectionId   the connection whose events go there
 * @param url            the receiver's URL
 * @param eventTypes     the types forwarded; empty for every type
 * @param headers        extra request headers (secrets: never logged, shown masked)
 * @param secret         the signing secret, {@code whsec_…}
 * @param parallel       whether its events may go out of order, several at a time, for speed
 * @param oldSecret      the secret before the last rotation, or null
 * @param oldSecretUntil epoch milliseconds until which requests are signed with {@code oldSecret} as well
 * @param pausedAt       epoch milliseconds when it was paused, or null while it is enabled
 * @param pausedReason   why it is paused, or null
 * @param failingSince   epoch milliseconds of the first failed attempt since the last delivery, or null
 * @param lastError      what the last failed attempt met, or null
 * @param position       every event of the connection up to this id has been handed over
 * @param createdAt      epoch milliseconds
 */
public record Destination(long id, long connectionId, String url, List<String> eventTypes,
                          Map<String, String> headers, String secret, boolean parallel, String oldSecret,
                          long oldSecretUntil,
                          Long pausedAt, String pausedReason, Long failingSince, String lastError, long position,
                          long createdAt) {
    public Destination {
        eventTypes = List.copyOf(eventTypes);
        headers = Map.copyOf(headers);
    }

    /** Whether events of {@code type} go there. */
    public boolean forwards(String type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }

    public boolean paused() {
        return pausedAt != null;
    }

    /** The secrets requests are signed with at {@code now}: the current one, and the old one during its overlap. */
    public List<String> secretsAt(long now) {
        return oldSecret != null && now < oldSecretUntil ? List.of(secret, oldSecret) : List.of(secret);
    }

    @Override
    public String toString() {
        return "Destination[id=" + id + ", connectionId=" + connectionId + "]"; // never the URL, headers or secrets
    }
}
