package io.jivohub.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.jivohub.forward.AddressRule;
import io.jivohub.forward.Forwarder;
import io.jivohub.keys.Keys;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Received;

/**
 * The rules of forwarding a connection's events: where to, which types, with which headers; pausing, rotating the
 * signing secret, sending again. The admin API and the dashboard call the same methods. Thread-safe.
 */
public final class DestinationManager {
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE = 4096;
    static final int MAX_SEND_AGAIN = 1000;
    /** How long the old signing secret signs too after a rotation, unless asked otherwise. */
    public static final Duration SECRET_OVERLAP = Duration.ofHours(24);
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    /** Headers jivohub sets itself, or HTTP does: a destination cannot replace them. */
    private static final Set<String> OWN_HEADERS = Set.of("content-type", "content-length", "host", "connection",
            "upgrade", "expect", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection", "user-agent",
            "webhook-id", "webhook-timestamp", "webhook-signature");

    /**
     * What a destination should be: the fields of a request that creates or changes one.
     *
     * @param url        the receiver's URL
     * @param eventTypes the types to forward; empty for every type
     * @param headers    extra request headers
     * @param enabled    whether it forwards (false: paused)
     * @param parallel   whether its events may go out of order, several at a time, for speed
     */
    public record Spec(String url, List<String> eventTypes, Map<String, String> headers, boolean enabled,
                       boolean parallel) {
    }

    private final ConnectionManager connections;
    private final Destinations destinations;
    private final Forwarder forwarder;
    private final AddressRule addresses;

    /** @param addresses which receivers a destination may be at */
    public DestinationManager(ConnectionManager connections, Destinations destinations, Forwarder forwarder,
                              AddressRule addresses) {
        this.connections = connections;
        this.destinations = destinations;
        this.forwarder = forwarder;
        this.addresses = addresses;
    }

    /** Connection {@code connectionId}'s destinations. @throws Refusal NOT_FOUND */
    public List<Destination> of(long connectionId) {
        connections.report(connectionId);
        return destinations.of(connectionId);
    }

    /** @throws Refusal NOT_FOUND when the connection has no destination {@code id} */
    public Destination one(long connectionId, long id) {
        return destinations.one(connectionId, id).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND,
                "connection " + connectionId + " has no destination with id " + id));
    }

    /**
     * A new destination for connection {@code connectionId}, with a new signing secret; it forwards the events
     * stored from now on.
     *
     * @throws Refusal INVALID for a wrong field; NOT_FOUND
     */
    public Destination create(long connectionId, Spec spec) {
        connections.report(connectionId);
        Spec checked = checked(spec, null);
        Destination made = destinations.create(connectionId, checked.url(), checked.eventTypes(), checked.headers(),
                checked.parallel(), Keys.newSigningSecret(), System.currentTimeMillis());
        if (!checked.enabled()) {
            destinations.pause(made.id(), made.createdAt(), PAUSED_BY_ADMIN);
        }
        forwarder.changed();
        return one(connectionId, made.id());
    }

    /** Why a destination the admin paused is paused. */
    static final String PAUSED_BY_ADMIN = "paused by the admin";

    /**
     * Changes destination {@code id} to {@code spec}; enabling a paused one resumes it where it stopped.
     *
     * @throws Refusal INVALID for a wrong field; NOT_FOUND
     */
    public Destination update(long connectionId, long id, Spec spec) {
        Destination before = one(connectionId, id);
        Spec checked = checked(spec, before.url());
        destinations.update(id, checked.url(), checked.eventTypes(), checked.headers(), checked.parallel());
        if (!checked.enabled()) {
            destinations.pause(id, System.currentTimeMillis(), PAUSED_BY_ADMIN);
        } else if (before.paused()) {
            destinations.resume(id);
        }
        forwarder.changed();
        return one(connectionId, id);
    }

    /** Deletes destination {@code id} and what waits to be delivered to it. @throws Refusal NOT_FOUND */
    public void delete(long connectionId, long id) {
        one(connectionId, id);
        destinations.delete(id);
    }

    /**
     * A new signing secret; the old one signs as well for {@code overlap}, so that the receiver can change its
     * secret meanwhile.
     *
     * @throws Refusal INVALID for an overlap outside 0 to 168 hours; NOT_FOUND
     */
    public Destination rotateSecret(long connectionId, long id, Duration overlap) {
        if (overlap.isNegative() || overlap.toHours() > 168) {
            throw Refusal.invalid("overlap_hours must be from 0 to 168");
        }
        one(connectionId, id);
        destinations.rotateSecret(id, Keys.newSigningSecret(), System.currentTimeMillis() + overlap.toMillis());
        return one(connectionId, id);
    }

    /** What to send again: exactly one of the three. */
    public sealed interface SendAgain {
        /** These events. */
        record Events(List<Long> eventIds) implements SendAgain {
        }

        /** Every delivery that failed for good. */
        record Failed() implements SendAgain {
        }

        /** The events received in this range. */
        record ReceivedIn(Received received) implements SendAgain {
        }
    }

    /**
     * Sends events the destination was given before again, now: they are delivered (or retried) as any delivery.
     *
     * @return how many deliveries were asked for
     * @throws Refusal INVALID for too many event ids; NOT_FOUND
     */
    public int sendAgain(long connectionId, long id, SendAgain what) {
        one(connectionId, id);
        long now = System.currentTimeMillis();
        int asked = switch (what) {
            case SendAgain.Events events -> {
                if (events.eventIds().size() > MAX_SEND_AGAIN) {
                    throw Refusal.invalid("event_ids may name at most " + MAX_SEND_AGAIN + " events at a time");
                }
                yield destinations.sendAgain(id, events.eventIds(), now);
            }
            case SendAgain.Failed failed -> destinations.sendFailedAgain(id, now);
            case SendAgain.ReceivedIn range -> destinations.sendReceivedAgain(id, range.received(), now);
        };
        forwarder.changed();
        return asked;
    }

    /** A secret as it is shown after it was made: its last four characters, the rest hidden. */
    public static String masked(String secret) {
        return secret.length() < 12 ? "****" : "****" + secret.substring(secret.length() - 4);
    }

    /**
     * {@code spec}, checked; the receiver's address is judged again only when the URL changes, so that a destination
     * whose host no longer resolves can still be paused or changed otherwise.
     */
    private Spec checked(Spec spec, String urlBefore) {
        return new Spec(ReceiverUrl.checked("url", spec.url(), !Objects.equals(spec.url(), urlBefore), addresses),
                eventTypes(spec.eventTypes()), headers(spec.headers()), spec.enabled(), spec.parallel());
    }

    private static List<String> eventTypes(List<String> types) {
        List<String> checked = new ArrayList<>();
        for (String type : types) {
            if (!EventTypes.JIVO.contains(type)) {
                throw Refusal.invalid("event_types: " + type + " is not a Jivo event type; use some of "
                        + EventTypes.JIVO + ", or none for every type");
            }
            if (!checked.contains(type)) {
                checked.add(type);
            }
        }
        return checked;
    }

    private static Map<String, String> headers(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw Refusal.invalid("headers: at most " + MAX_HEADERS);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                throw Refusal.invalid("headers: \"" + name + "\" is not a header name (letters, digits and -)");
            }
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw Refusal.invalid("headers: " + name + " is set by jivohub itself");
            }
            if (checked.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw Refusal.invalid("headers: " + name + " is named twice");
            }
            if (value.length() > MAX_HEADER_VALUE || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c > 0x7e)) {
                throw Refusal.invalid("headers: the value of " + name + " must be one line of at most "
                        + MAX_HEADER_VALUE + " plain ASCII characters (HTTP headers carry no other letters)");
            }
            checked.put(name, value.strip());
        });
        return checked;
    }
}
