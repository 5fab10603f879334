package io.jivohub.forward;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

import io.jivohub.keys.Signature;
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

    private final HttpClient client = WebhookClient.create();
    private final Duration timeout;
    private final AddressRule addresses;

    /**
     * @param timeout   how long an attempt may take in all
     * @param addresses which receivers may be reached, checked again before every attempt
     */
    Sender(Duration timeout, AddressRule addresses) {
        this.timeout = timeout;
        this.addresses = addresses;
    }

    /** The {@code webhook-id} of {@code event} at {@code destination}: stable across attempts. */
    static String messageId(Destination destination, EventRecord event) {
        return "msg_" + destination.id() + "_" + event.id();
    }

    Attempt send(Destination destination, EventRecord event, long now) {
        URI url = URI.create(destination.url());
        Optional<String> refusal = addresses.refusal(url.getHost());
        if (refusal.isPresent()) {
            return Attempt.unanswered(refusal.get());
        }
        String id = messageId(destination, event);
        long timestamp = now / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "jivohub")
                .header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", Signature.of(destination.secretsAt(now), id, timestamp, event.body()));
        try {
            destination.headers().forEach(request::header);
            HttpResponse<Void> answer = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return Attempt.answered(answer.statusCode(), answer.statusCode() == 429 || answer.statusCode() == 503
                    ? retryAfter(answer.headers().firstValue("Retry-After")) : Duration.ZERO);
        } catch (HttpConnectTimeoutException e) {
            return Attempt.unanswered("could not connect within " + WebhookClient.CONNECT_TIMEOUT.toSeconds()
                    + " s");
        } catch (HttpTimeoutException e) {
            return Attempt.unanswered("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return Attempt.unanswered(reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.unanswered("interrupted: jivohub is stopping");
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

    /** What an I/O failure was, without the address (which may carry a secret in its path). */
    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return e.getCause() instanceof UnresolvedAddressException ? "the host name does not resolve"
                    : "the connection was refused";
        }
        return "the connection broke before the whole answer (" + e.getClass().getSimpleName() + ")";
    }
}
