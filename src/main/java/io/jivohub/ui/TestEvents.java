package io.jivohub.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.jivohub.json.Json;
import io.jivohub.store.Connection;
import io.jivohub.web.Endpoint;
import io.jivohub.web.HttpProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dashboard's test event: one of Jivo's documented payloads (from the jar's {@code jivo/samples}) for the
 * connection's type, an offline message for one that captures everything, posted to the connection's real webhook
 * URL on this server, the way Jivo posts. It is stored like any event (and so appears in the tables): its visitor
 * is called {@value #VISITOR}, its ids are new each time, its message says it is a test.
 *
 * <p>Thread-safe.
 */
final class TestEvents {
    static final String VISITOR = "jivohub test";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Posts a test event for {@code connection} to this server (the one {@code req} came to).
     *
     * @return the stored event's id
     * @throws HttpProblem 502 when the webhook URL did not answer 200 (a revoked connection's answers 404)
     */
    long send(ServerRequest req, Connection connection, String message) {
        String type = connection.eventName().equals(Connection.ALL_EVENTS) ? "offline_message" : connection.eventName();
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree(sample(type));
        long unique = System.currentTimeMillis();
        for (String id : new String[] {"chat_id", "offline_message_id"}) {
            if (body.has(id)) {
                body.put(id, unique);
            }
        }
        if (body.get("visitor") instanceof ObjectNode visitor) {
            visitor.put("name", VISITOR);
        }
        if (body.has("message")) {
            body.put("message", message);
        }
        int port = ((InetSocketAddress) req.localPeer().address()).getPort();
        URI url = URI.create(Endpoint.WEBHOOK.url("http://localhost:" + port, connection.eventName(),
                connection.webhookKey()));
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HttpProblem(Status.BAD_GATEWAY_502, "the webhook URL could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(Status.SERVICE_UNAVAILABLE_503, "interrupted while sending the test event");
        }
        if (answer.statusCode() != 200) {
            throw new HttpProblem(Status.BAD_GATEWAY_502, "the webhook URL answered " + answer.statusCode());
        }
        JsonNode stored = Json.MAPPER.readTree(answer.body()).path("data").path(0).path("event_id").path(0);
        return stored.asLong();
    }

    private static byte[] sample(String type) {
        try (InputStream in = TestEvents.class.getResourceAsStream("/jivo/samples/" + type + ".json")) {
            if (in == null) {
                throw new HttpProblem(Status.NOT_FOUND_404, "Jivo documents no payload of " + type + " to send");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
