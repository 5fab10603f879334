package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.standardwebhooks.Webhook;
import io.jivohub.json.Json;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.HubFlags;
import io.jivohub.support.Http;
import io.jivohub.support.Receiver;
import io.jivohub.support.Receiver.Answer;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Forwarding to real HTTP receivers on this machine, on SQLite and on PostgreSQL: every event reaches every
 * destination in order, signed as the Standard Webhooks spec says (checked by its reference Java library), with the
 * destination's headers; a receiver that fails, asks to wait, is gone, redirects, is slow or is down gets what the
 * retry rules say, and holds back nobody else; what failed for good can be sent again. Attempts here follow
 * {@code --forward-retries 0s,300ms,600ms}; the receivers are on this machine, which
 * {@code --forward-allow-private} allows.
 */
@HubFlags({"--forward-retries", "0s,300ms,600ms", "--forward-timeout", "1", "--forward-allow-private"})
class ForwardingTest extends AcrossStores {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    /** A new connection for every event type: its webhook URL and its id. */
    private record Connected(String url, long id) {
    }

    private static Connected connect() {
        String account = "Forwarding " + ACCOUNTS.incrementAndGet();
        return new Connected(hub.connection(account, "all").get("url").asString(), hub.connectionId(account));
    }

    private static String destinations(Connected connection) {
        return hub.url("/jivo/admin/connections/" + connection.id() + "/destinations");
    }

    private static JsonNode addDestination(Connected connection, Map<String, Object> fields) {
        Response made = hub.post(destinations(connection), Json.MAPPER.writeValueAsBytes(fields),
                "Content-Type", "application/json");
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return made.json();
    }

    private static JsonNode destination(Connected connection, JsonNode destination) {
        return hub.get(destinations(connection) + "/" + destination.get("id").asLong()).json();
    }

    private static byte[] post(Connected connection, byte[] event) {
        assertThat(Http.post(connection.url(), event).status()).isEqualTo(200);
        return event;
    }

    @Test
    void everyEventReachesItsDestinationInOrderSignedAndWithItsHeaders() throws Exception {
        try (Receiver crm = Receiver.start()) {
            Connected connection = connect();
            JsonNode destination = addDestination(connection, Map.of("url", crm.url("/jivo-hook"),
                    "headers", Map.of("Authorization", "Bearer crm-secret-token-42")));
            String secret = destination.get("secret").asString();
            assertThat(secret).startsWith("whsec_");
            List<byte[]> sent = List.of(post(connection, Samples.resource("jivo/samples/chat_accepted.json")),
                    post(connection, Samples.resource("jivo/samples/offline_message.json")),
                    post(connection, TestEvents.chatFinished(7)));

            await().atMost(WAIT).until(() -> crm.requests().size() == 3);
            Webhook verifier = new Webhook(secret);
            for (int i = 0; i < 3; i++) {
                Receiver.Request request = crm.requests().get(i);
                assertThat(request.body()).as("event %d exactly as Jivo sent it, in order", i).isEqualTo(sent.get(i));
                assertThat(request.header("Content-Type")).isEqualTo("application/json");
                assertThat(request.header("Authorization")).isEqualTo("Bearer crm-secret-token-42");
                verifier.verify(new String(request.body(), StandardCharsets.UTF_8), request.headers());
            }
            assertThat(crm.requests().stream().map(request -> request.header("webhook-id")).distinct())
                    .as("one id per event").hasSize(3);

            String shown = hub.get(destinations(connection)).text();
            assertThat(shown).as("the list shows no secret").doesNotContain("crm-secret-token-42", secret)
                    .contains("\"Authorization\":\"****n-42\"");
            assertThat(destination(connection, destination).get("last_error").isNull()).isTrue();
        }
    }

    @Test
    void onlyTheChosenTypesGoThere() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            Connected connection = connect();
            addDestination(connection, Map.of("url", receiver.url("/"), "event_types", List.of("offline_message")));
            post(connection, TestEvents.chatFinished(1));
            byte[] offline = post(connection, Samples.resource("jivo/samples/offline_message.json"));
            post(connection, TestEvents.chatFinished(2));
            byte[] again = post(connection, "{\"event_name\": \"offline_message\", \"message\": \"второе\"}"
                    .getBytes(StandardCharsets.UTF_8));

            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.requests()).extracting(Receiver.Request::body).containsExactly(offline, again);

            long id = hub.get(destinations(connection)).json().get("destinations").get(0).get("id").asLong();
            Response sentAgain = hub.post(destinations(connection) + "/" + id + "/redeliver",
                    "{\"from\": \"2020-01-01\"}", "Content-Type", "application/json");
            assertThat(sentAgain.json().get("deliveries").asInt()).as("the offline messages only").isEqualTo(2);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 4);
            assertThat(receiver.requests().subList(2, 4)).extracting(Receiver.Request::body)
                    .containsExactlyInAnyOrder(offline, again);
        }
    }

    @Test
    void aFailingReceiverGetsTheEventAgainAndTheEventsBehindItWait() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.thenAnswer(Answer.status(500), Answer.status(503));
            Connected connection = connect();
            addDestination(connection, Map.of("url", receiver.url("/")));
            byte[] first = post(connection, TestEvents.chatFinished(1));
            byte[] second = post(connection, TestEvents.chatFinished(2));

            await().atMost(WAIT).until(() -> receiver.requests().size() == 4);
            assertThat(receiver.requests()).extracting(Receiver.Request::body)
                    .containsExactly(first, first, first, second);
            assertThat(receiver.requests().subList(0, 3)).extracting(request -> request.header("webhook-id"))
                    .as("the same id every time, for the receiver to drop repeats").containsOnly(
                            receiver.requests().getFirst().header("webhook-id"));
        }
    }

    /** A destination that allows it gets several events at a time, and one that fails holds nobody back. */
    @Test
    void inParallelAFailingEventHoldsNobodyBack() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.thenAnswer(Answer.status(500));
            Connected connection = connect();
            JsonNode destination = addDestination(connection, Map.of("url", receiver.url("/"), "parallel", true));
            assertThat(destination.get("parallel").asBoolean()).isTrue();
            List<String> sent = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                sent.add(new String(post(connection, TestEvents.chatFinished(n)), StandardCharsets.UTF_8));
            }

            await().atMost(WAIT).until(() -> receiver.requests().size() == 21);
            assertThat(receiver.bodies()).as("every event, and the one that failed once more")
                    .containsAll(sent).hasSize(21);
            await().atMost(WAIT).until(() -> destination(connection, destination).get("waiting").asInt() == 0);
        }
    }

    @Test
    void retryAfterIsWaitedFor() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.thenAnswer(Answer.status(429, "Retry-After", "2"));
            Connected connection = connect();
            addDestination(connection, Map.of("url", receiver.url("/")));
            post(connection, TestEvents.chatFinished(1));

            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            long waited = receiver.requests().get(1).receivedAtNanos() - receiver.requests().get(0).receivedAtNanos();
            assertThat(Duration.ofNanos(waited)).as("asked for 2 s, where the schedule says 300 ms")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    /** {@code /metrics} tells, per destination, how long its oldest waiting event has waited, and whether it is paused. */
    @Test
    void theMetricsTellHowLongTheOldestEventWaits() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.byDefault(Answer.status(503, "Retry-After", "600"));
            Connected connection = connect();
            long id = addDestination(connection, Map.of("url", receiver.url("/"))).get("id").asLong();
            post(connection, TestEvents.chatFinished(1));
            String waiting = "jivohub_forward_oldest_waiting_seconds{destination=\"" + id + "\"} ";
            await().atMost(WAIT).until(() -> hub.metric(waiting) > 0);
            assertThat(hub.metric("jivohub_forward_paused{destination=\"" + id + "\"} ")).isZero();
            assertThat(hub.metric("jivohub_forward_attempts_total{destination=\"" + id + "\",outcome=\"failed\"} "))
                    .isEqualTo(1);
        }
    }

    @Test
    void afterTheLastAttemptTheDeliveryFailsAndIsSentAgainOnRequest() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.thenAnswer(Answer.status(500), Answer.status(500), Answer.status(500));
            Connected connection = connect();
            JsonNode destination = addDestination(connection, Map.of("url", receiver.url("/")));
            byte[] lost = post(connection, TestEvents.chatFinished(1));
            byte[] next = post(connection, TestEvents.chatFinished(2));
            await().atMost(WAIT).until(() -> receiver.requests().size() == 4);
            assertThat(receiver.bodies().getLast()).as("the next event goes once the first has failed for good")
                    .isEqualTo(new String(next, StandardCharsets.UTF_8));

            String failedUrl = destinations(connection) + "/" + destination.get("id").asLong() + "/failed";
            await().atMost(WAIT).until(() -> hub.get(failedUrl).json().get("failed").size() == 1);
            JsonNode failed = hub.get(failedUrl).json().get("failed").get(0);
            assertThat(failed.get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get("last_status").asInt()).isEqualTo(500);
            assertThat(failed.get("last_error").asString()).isEqualTo("the receiver answered 500");
            assertThat(destination(connection, destination).get("failed").asInt()).isEqualTo(1);

            Response again = hub.post(destinations(connection) + "/" + destination.get("id").asLong()
                    + "/redeliver", "{\"failed\": true}", "Content-Type", "application/json");
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("deliveries").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 5);
            assertThat(receiver.requests().getLast().body()).isEqualTo(lost);
            await().atMost(WAIT).until(() -> hub.get(failedUrl).json().get("failed").isEmpty());
        }
    }

    @Test
    void aReceiverThatIsGonePausesItsDestinationUntilItIsEnabledAgain() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.thenAnswer(Answer.status(410));
            Connected connection = connect();
            JsonNode destination = addDestination(connection, Map.of("url", receiver.url("/")));
            post(connection, TestEvents.chatFinished(1));
            await().atMost(WAIT).until(() -> !destination(connection, destination).get("enabled").asBoolean());
            assertThat(destination(connection, destination).get("paused_reason").asString()).contains("410 Gone");
            await().atMost(WAIT).until(() -> hub.metric("jivohub_forward_paused{destination=\""
                    + destination.get("id").asLong() + "\"} ") == 1);
            byte[] whilePaused = post(connection, TestEvents.chatFinished(2));

            Response enabled = hub.send(destinations(connection) + "/" + destination.get("id").asLong(), "PATCH",
                    BodyPublishers.ofString("{\"enabled\": true}"), "Content-Type", "application/json");
            assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            assertThat(receiver.requests().getLast().body()).as("where it stopped").isEqualTo(whilePaused);
        }
    }

    @Test
    void aDeadOrSlowReceiverHoldsBackNobodyElse() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Receiver slow = Receiver.start(); Receiver redirecting = Receiver.start(); Receiver fine = Receiver.start()) {
            slow.byDefault(Answer.slow(Duration.ofSeconds(3)));
            redirecting.byDefault(Answer.status(302, "Location", fine.url("/")));
            Connected connection = connect();
            JsonNode dead = addDestination(connection, Map.of("url", "http://127.0.0.1:" + closedPort + "/"));
            JsonNode late = addDestination(connection, Map.of("url", slow.url("/")));
            JsonNode moved = addDestination(connection, Map.of("url", redirecting.url("/")));
            addDestination(connection, Map.of("url", fine.url("/")));
            for (int n = 0; n < 5; n++) {
                post(connection, TestEvents.chatFinished(n));
            }

            await().atMost(WAIT).until(() -> fine.requests().size() == 5);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(destination(connection, dead).get("last_error").asString())
                        .isEqualTo("the connection was refused");
                assertThat(destination(connection, late).get("last_error").asString())
                        .isEqualTo("no answer within 1 s");
                assertThat(destination(connection, moved).get("last_error").asString())
                        .isEqualTo("the receiver answered 302 (a redirect, which is not followed)");
            });
            assertThat(fine.requests()).as("no redirect was followed to it").hasSize(5);
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            Connected connection = connect();
            JsonNode destination = addDestination(connection, Map.of("url", receiver.url("/")));
            String old = destination.get("secret").asString();
            Response rotated = hub.post(destinations(connection) + "/" + destination.get("id").asLong()
                    + "/rotate_secret?overlap_hours=2", "");
            assertThat(rotated.status()).isEqualTo(200);
            String secret = rotated.json().get("secret").asString();
            assertThat(secret).startsWith("whsec_").isNotEqualTo(old);
            post(connection, TestEvents.chatFinished(1));

            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.requests().getFirst();
            String body = new String(request.body(), StandardCharsets.UTF_8);
            new Webhook(secret).verify(body, request.headers());
            new Webhook(old).verify(body, request.headers());
        }
    }

    @Test
    void aWrongDestinationIsRefusedAndNothingIsKept() {
        Connected connection = connect();
        Map<String, String> refusals = Map.of(
                "{\"url\": \"ftp://crm.example.com/\"}", "url must be an http:// or https:// address",
                "{\"url\": \"https://user:pw@crm.example.com/\"}", "must not carry a user name or password",
                "{\"url\": \"https://crm.example.com/\", \"event_types\": [\"chat_started\"]}",
                "chat_started is not a Jivo event type",
                "{\"url\": \"https://crm.example.com/\", \"headers\": {\"webhook-signature\": \"x\"}}",
                "webhook-signature is set by jivohub itself",
                "{\"url\": \"https://crm.example.com/\", \"headers\": {\"X-Token\": \"a\\nb\"}}",
                "the value of X-Token must be one line",
                "{\"url\": \"https://crm.example.com/\", \"headers\": {\"X-Shop\": \"Ромашка\"}}",
                "plain ASCII characters",
                "{\"event_types\": []}", "url is missing");
        refusals.forEach((body, error) -> {
            Response refused = hub.post(destinations(connection), body, "Content-Type", "application/json");
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("error").asString()).as(body).contains(error);
        });
        assertThat(hub.get(destinations(connection)).json().get("destinations")).isEmpty();
        assertThat(hub.post(hub.url("/jivo/admin/connections/999999/destinations"),
                "{\"url\": \"https://crm.example.com/\"}", "Content-Type", "application/json").status())
                .isEqualTo(404);
        assertThat(Http.get(destinations(connection)).status()).as("without the admin token").isEqualTo(401);
    }

    /** Without {@code --forward-allow-private}, a destination on this machine or a private network is refused. */
    @Test
    void withoutTheOperatorsLeaveOnlyPublicAddressesAreDestinations() throws IOException {
        try (TestHub strict = TestHub.start(Files.createDirectories(folder.resolve(store.name() + "-strict")))) {
            strict.connection("Strict", "all");
            String destinations = strict.url("/jivo/admin/connections/" + strict.connectionId("Strict")
                    + "/destinations");
            for (String url : List.of("http://127.0.0.1:8080/", "http://localhost/hook", "http://10.0.0.5/",
                    "http://169.254.169.254/latest/meta-data/", "http://[::1]/")) {
                Response refused = strict.post(destinations, Json.MAPPER.writeValueAsBytes(Map.of("url", url)),
                        "Content-Type", "application/json");
                assertThat(refused.status()).as(url).isEqualTo(400);
                assertThat(refused.json().get("error").asString()).as(url)
                        .contains("public addresses only", "--forward-allow-private");
            }
            assertThat(strict.get(destinations).json().get("destinations")).isEmpty();
        }
    }

    @Test
    void deletingAConnectionDeletesItsDestinations() throws Exception {
        try (Receiver receiver = Receiver.start()) {
            receiver.byDefault(Answer.status(500));
            Connected connection = connect();
            addDestination(connection, Map.of("url", receiver.url("/")));
            post(connection, TestEvents.chatFinished(1));
            await().atMost(WAIT).until(() -> !receiver.requests().isEmpty());

            Response deleted = hub.send(hub.url("/jivo/admin/connections/" + connection.id()), "DELETE",
                    BodyPublishers.noBody());
            assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
            assertThat(hub.get(destinations(connection)).status()).isEqualTo(404);
        }
    }
}
