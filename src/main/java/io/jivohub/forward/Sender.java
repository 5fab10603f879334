package io.jivohub.forward;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.jivohub.store.Destination;
import io.jivohub.store.EventRecord;

/**
 * Posts one event to one destination, as the Standard Webhooks spec describes: the body exactly as Jivo sent it,
 * {@code webhook-id} (the same for every attempt of the event at the destination, so the receiver can drop
 * repeats), {@code webhook-timestamp} and {@code webhook-signature}, and the destination's own headers. Redirects
 * are not followed. Thread-safe.
 */
final class Sender {
    /** The longest {@code Retry-After} believed: a receiver cannot park a delivery for longer than a day. */
    private static final Duration MOST_RETRY_AFTER = Duration.ofDays(1);

    private final WebhookClient client;
    private final Duration timeout;

    /**
     * @param timeout   how long an attempt may take in all
     * @param addresses which receivers may be reached, checked again on every new connection
     */
    Sender(Duration timeout, AddressRule addresses) {
        this.timeout = timeout;
        this.client = new WebhookClient(addresses);
    }

    /** The {@code webhook-id} of {@code event} at {@code destination}: stable across attempts. */
    static String messageId(Destination destination, EventRecord event) {
        return "msg_" + destination.id() + "_" + event.id();
    }

    Attempt send(Destination destination, EventRecord event, long now) {
        String id = messageId(destination, event);
        long timestamp = now / 1000;
        Map<String, String> headers = WebhookClient.signedHeaders(destination.secretsAt(now), id, timestamp,
                event.body());
        headers.putAll(destination.headers());
        try {
            WebhookAnswer answer = client.post(URI.create(destination.url()), headers, event.body(), timeout);
            return Attempt.answered(answer.status(), answer.status() == 429 || answer.status() == 503
                    ? retryAfter(answer.retryAfter()) : Duration.ZERO);
        } catch (WebhookFailure e) {
            return Attempt.unanswered(e.getMessage());
        } catch (IllegalArgumentException e) {
            // its message would name the header's value, a secret
            return Attempt.unanswered("a header of the destination cannot be sent");
        }
    }

    /** {@code Retry-After} in seconds (the date form is rare from APIs, and taken as no hint). */
    private static Duration retryAfter(Optional<String> header) {
        try {
            long seconds = Long.parseLong(header.orElse("0").strip());
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, MOST_RETRY_AFTER.toSeconds()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /** Closes its connections, cutting short the attempts under way. */
    void close() {
        client.close();
    }
}
