package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.Receiver;
import io.jivohub.support.Response;
import io.jivohub.support.StoreKind;
import io.jivohub.support.TestEvents;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Forwarding's promise tested the hard way: the real jar killed with {@code kill -9} three times while deliveries to
 * two slow receivers are pending; after each restart forwarding goes on where it was, and in the end every event
 * that got its 200 has reached both receivers, each at least once.
 */
class ForwardingCrashIT {
    private static final String ADMIN_TOKEN = "forwarding-crash-admin-token-0123";
    private static final String CRM_TOKEN = "Bearer crm-token-never-logged-0123";
    private static final int EVENTS_PER_ROUND = 300;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void everyAcknowledgedEventReachesEveryDestinationAcrossThreeKills(StoreKind kind, @TempDir Path folder)
            throws Exception {
        Map<String, String> env = Map.of("JIVOHUB_DB", kind.newDatabase(folder), "JIVOHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        // A short attempt timeout makes a short lease: a restarted instance takes over the destinations of the one
        // that was killed once its lease has run out, 2 × (1 s + 5 s to connect).
        String[] flags = {"--port", "0", "--forward-allow-private", "--forward-retries", "0s,200ms,400ms,800ms",
                "--forward-timeout", "1"};
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN, CRM_TOKEN));
        List<String> output = new ArrayList<>();
        try (Receiver crm = Receiver.start(); Receiver make = Receiver.start()) {
            for (Receiver receiver : List.of(crm, make)) {
                receiver.byDefault(Receiver.Answer.slow(Duration.ofMillis(10)));
            }
            JarRun jar = JarRun.start(folder, env, flags);
            try {
                String base = jar.baseUrl();
                Response created = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Crash\", \"event_name\":"
                        + " \"all\"}", "Authorization", "Bearer " + ADMIN_TOKEN);
                String webhookPath = created.json().get("url").asString().replaceFirst("^http://[^/]+", "");
                for (Receiver receiver : List.of(crm, make)) {
                    Response made = Http.post(base + "/jivo/admin/connections/1/destinations",
                            Json.MAPPER.writeValueAsString(Map.of("url", receiver.url("/hook"),
                                    "headers", Map.of("Authorization", CRM_TOKEN))),
                            "Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json");
                    assertThat(made.status()).as(made.text()).isEqualTo(201);
                    secrets.add(made.json().get("secret").asString());
                }
                for (int round = 1; round <= 3; round++) {
                    String url = base + webhookPath;
                    int last = round * EVENTS_PER_ROUND;
                    AtomicInteger next = new AtomicInteger(last - EVENTS_PER_ROUND);
                    TestEvents.concurrently(8, () -> {
                        for (int n = next.getAndIncrement(); n < last; n = next.getAndIncrement()) {
                            int event = n; // sent again until it gets its 200, as Jivo does
                            await().atMost(Duration.ofSeconds(30)).until(() -> Http.post(url, chatFinished(event))
                                    .status() == 200);
                            acknowledged.add(n);
                        }
                        return null;
                    });
                    assertThat(delivered(crm)).as("round %d: deliveries are pending when it is killed", round)
                            .hasSizeLessThan(acknowledged.size());
                    jar.kill();
                    jar.close();
                    output.addAll(jar.lines());
                    jar = JarRun.start(folder, env, flags);
                    base = jar.baseUrl();
                }
                for (Receiver receiver : List.of(crm, make)) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                            assertThat(delivered(receiver)).containsAll(acknowledged));
                }
                assertThat(acknowledged).hasSize(3 * EVENTS_PER_ROUND);
            } finally {
                jar.close();
                output.addAll(jar.lines());
            }
        }
        String log = String.join("\n", output);
        for (String secret : secrets) {
            assertThat(log).as("the log never shows a secret").doesNotContain(secret);
        }
    }

    /** The chat ids of the events a receiver got. */
    private static Set<Integer> delivered(Receiver receiver) {
        return receiver.requests().stream().map(request -> {
            JsonNode event = Json.MAPPER.readTree(request.body());
            return event.get("chat_id").asInt();
        }).collect(Collectors.toSet());
    }
}
