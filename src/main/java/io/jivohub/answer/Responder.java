package io.jivohub.answer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.jivohub.forward.AddressRule;
import io.jivohub.forward.WebhookClient;
import io.jivohub.json.Json;
import io.jivohub.keys.Signature;
import io.jivohub.store.AgentAnswer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a connection's responder what Jivo should show the agent. The request is signed as a destination's is
 * (Standard Webhooks, {@code webhook-id} {@code msg_answer_<event id>}) and carries the event exactly as Jivo sent
 * it; the answer is a JSON object of the fields Jivo knows ({@link AnswerFields}), read up to
 * {@value #MAX_ANSWER_BYTES} bytes. The whole ask, the address check included, has the answer's timeout: the
 * request thread waits for it, and Jivo for the request thread. Redirects are not followed. Thread-safe.
 */
final class Responder {
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** How an ask ended. */
    enum Outcome {
        /** A 2xx with an answer Jivo takes (perhaps empty). */
        ANSWERED,
        /** No whole answer within the timeout. */
        TIMEOUT,
        /** Not reached, or it answered another status. */
        FAILED,
        /** A 2xx whose body is not an answer Jivo would take. */
        INVALID
    }

    /**
     * @param outcome how it ended
     * @param fields  the checked fields when it answered, else empty
     * @param problem what went wrong, for the log, or null
     */
    record Reply(Outcome outcome, ObjectNode fields, String problem) {
        static Reply failed(Outcome outcome, String problem) {
            return new Reply(outcome, Json.MAPPER.createObjectNode(), problem);
        }
    }

    private final HttpClient client = WebhookClient.create();
    private final AddressRule addresses;

    Responder(AddressRule addresses) {
        this.addresses = addresses;
    }

    Reply ask(AgentAnswer answer, long eventId, byte[] event, long now) {
        long deadline = System.nanoTime() + answer.responderTimeout().toNanos();
        URI url = URI.create(answer.responderUrl());
        Optional<String> refusal = addresses.refusal(url.getHost());
        if (refusal.isPresent()) {
            return Reply.failed(Outcome.FAILED, refusal.get());
        }
        String id = "msg_answer_" + eventId;
        long timestamp = now / 1000;
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(answer.responderTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(event))
                .header("Content-Type", "application/json")
                .header("User-Agent", "jivohub")
                .header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", Signature.of(List.of(answer.secret()), id, timestamp, event))
                .build();
        CompletableFuture<HttpResponse<byte[]>> asked = client.sendAsync(request, info -> new LimitedBody());
        HttpResponse<byte[]> response;
        try {
            response = asked.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            asked.cancel(true);
            return late(answer);
        } catch (InterruptedException e) {
            asked.cancel(true);
            Thread.currentThread().interrupt();
            return Reply.failed(Outcome.FAILED, "interrupted: jivohub is stopping");
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case TooLongException tooLong ->
                        Reply.failed(Outcome.INVALID, "the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
                case HttpTimeoutException late -> late(answer); // the client's own timeout, the same one
                default -> Reply.failed(Outcome.FAILED, reason(e.getCause()));
            };
        }
        if (response.statusCode() / 100 != 2) {
            return Reply.failed(Outcome.FAILED, "the responder answered HTTP " + response.statusCode());
        }
        if (response.body().length == 0) {
            return new Reply(Outcome.ANSWERED, Json.MAPPER.createObjectNode(), null);
        }
        try {
            return new Reply(Outcome.ANSWERED, AnswerFields.checked(Json.MAPPER.readTree(response.body()), false),
                    null);
        } catch (JacksonException e) {
            return Reply.failed(Outcome.INVALID, "the answer is not JSON: " + Json.describe(e));
        } catch (InvalidAnswerException e) {
            return Reply.failed(Outcome.INVALID, "the answer " + e.getMessage());
        }
    }

    private static Reply late(AgentAnswer answer) {
        return Reply.failed(Outcome.TIMEOUT, "no answer within " + answer.responderTimeout().toMillis() + " ms");
    }

    /** What an I/O failure was, without the address (which may carry a secret in its path). */
    private static String reason(Throwable e) {
        if (e instanceof ConnectException) {
            return "the connection was refused";
        }
        if (e instanceof IOException) {
            return "the connection broke before the whole answer (" + e.getClass().getSimpleName() + ")";
        }
        return "the request failed (" + e.getClass().getSimpleName() + ")";
    }

    private static final class TooLongException extends IOException {
    }

    /** Collects an answer's bytes, and gives up (cancelling the exchange) past {@value #MAX_ANSWER_BYTES}. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLongException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
