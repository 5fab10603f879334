package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.Response;
import io.jivohub.support.StoreKind;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The promise "committed before 200" tested the hard way: the real jar, real clients, and the process killed with
 * {@code kill -9}, stopped with SIGTERM, or run out of disk while events arrive.
 */
class CrashIT {
    private static final int CLIENTS = 16;
    private static final String ADMIN_TOKEN = "crash-test-admin-token-0123456789";

    /**
     * Clients posting unique events (chat_id n) as fast as the jar answers; like Jivo, they send again what did
     * not get a 200.
     */
    private static final class Clients {
        final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Integer> unanswered = ConcurrentHashMap.newKeySet();
        final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private ExecutorService threads;

        void start(String url) {
            stop.set(false);
            threads = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < CLIENTS; i++) {
                threads.submit(() -> {
                    while (!stop.get()) {
                        send(url, next.getAndIncrement());
                    }
                });
            }
        }

        void send(String url, int n) {
            try {
                Response response = Http.post(url, chatFinished(n));
                (response.status() == 200 ? acknowledged : unanswered).add(n);
            } catch (RuntimeException e) {
                unanswered.add(n); // connection refused or reset: no answer
            }
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= count);
        }

        void stop() {
            stop.set(true);
            threads.close();
        }

        /** Sends every unanswered event again until it gets its 200, as Jivo retries. */
        void retryUnanswered(String url) {
            for (Integer n : List.copyOf(unanswered)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.post(url, chatFinished(n)).status() == 200);
                acknowledged.add(n);
                unanswered.remove(n);
            }
        }
    }

    /** The chat_id of every stored event, in id order: repeats would show as duplicates. */
    private static List<Integer> storedChatIds(String dataUrl) {
        List<Integer> ids = new ArrayList<>();
        for (JsonNode table : TestHub.readAll(dataUrl)) {
            table.get("chat_id").forEach(id -> ids.add(Integer.parseInt(id.asString())));
        }
        return ids;
    }

    private static JsonNode connect(String base) {
        Response created = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Crash\", \"event_name\": \"all\"}",
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(created.status()).as(created.text()).isIn(200, 201);
        return created.json();
    }

    /** Each stored chat is in the chats table once, folded from its one event once. */
    private static void assertEachChatFoldedOnce(String dataUrl, List<Integer> stored) {
        String chats = dataUrl + "?dataset=chats&format=ndjson";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response table = Http.get(chats);
            return table.status() == 200 && table.text().lines().count() == stored.size();
        });
        List<JsonNode> rows = Http.get(chats).text().lines().map(Json.MAPPER::readTree).toList();
        assertThat(rows).extracting(row -> row.get("chat_id").asInt()).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(rows).extracting(row -> row.get("events").asLong()).containsOnly(1L);
    }

    private static String path(JsonNode connection, String field) {
        return connection.get(field).asString().replaceFirst("^http://[^/]+", "");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void everyAcknowledgedEventSurvivesKill9ThreeTimesAndIsStoredOnce(StoreKind kind, @TempDir Path folder)
            throws Exception {
        Map<String, String> env = Map.of("JIVOHUB_DB", kind.newDatabase(folder), "JIVOHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        Clients clients = new Clients();
        List<String> output = new ArrayList<>();
        JarRun jar = JarRun.start(folder, env, "--port", "0");
        String base = jar.baseUrl();
        JsonNode connection = connect(base);
        try {
            for (int round = 1; round <= 3; round++) {
                clients.start(base + path(connection, "url"));
                clients.awaitAcknowledged(round * 400);
                jar.kill();
                clients.stop();
                output.addAll(jar.lines());

                jar = JarRun.start(folder, env, "--port", "0");
                base = jar.baseUrl();
                List<Integer> stored = storedChatIds(base + path(connection, "data_url"));
                assertThat(stored).as("round %d: every event that got 200 is there", round)
                        .containsAll(clients.acknowledged);
                assertThat(stored).as("round %d: none twice", round).doesNotHaveDuplicates();
                clients.retryUnanswered(base + path(connection, "url"));
            }
            List<Integer> stored = storedChatIds(base + path(connection, "data_url"));
            assertThat(new HashSet<>(stored)).isEqualTo(clients.acknowledged);
            assertThat(stored).doesNotHaveDuplicates();
            // The projector was killed mid-fold too.
            assertEachChatFoldedOnce(base + path(connection, "data_url"), stored);

            Http.post(base + "/jivo/all/" + "0".repeat(64), "{}");
            Http.post(base + path(connection, "url"), "{not json");
            Http.get(base + path(connection, "data_url") + "?limit=0");
        } finally {
            jar.close();
            output.addAll(jar.lines());
        }
        String log = String.join("\n", output);
        for (String secret : List.of(connection.get("key").asString(), path(connection, "data_url").substring(11),
                ADMIN_TOKEN)) {
            assertThat(log).as("the log never shows a secret").doesNotContain(secret);
        }
    }

    @Test
    void sigtermAnswersWhatIsInFlightCommitsItAndExitsZero(@TempDir Path folder) throws Exception {
        Map<String, String> env = Map.of("JIVOHUB_DB", "jdbc:sqlite:" + folder.resolve("jivohub.db"),
                "JIVOHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        Clients clients = new Clients();
        JsonNode connection;
        try (JarRun jar = JarRun.start(folder, env, "--port", "0")) {
            String base = jar.baseUrl();
            connection = connect(base);
            clients.start(base + path(connection, "url"));
            clients.awaitAcknowledged(500);

            jar.process().destroy(); // SIGTERM

            assertThat(jar.exitCode()).isZero();
            clients.stop();
            assertThat(jar.output()).doesNotContainIgnoringCase("exception").doesNotContain("SEVERE");
        }
        try (JarRun jar = JarRun.start(folder, env, "--port", "0")) {
            List<Integer> stored = storedChatIds(jar.baseUrl() + path(connection, "data_url"));
            assertThat(stored).containsAll(clients.acknowledged).doesNotHaveDuplicates();
        }
    }

    /**
     * A request half sent when SIGTERM arrives is still answered, and committed, while new requests are turned away:
     * what "stop accepting, answer those requests" means.
     */
    @Test
    void sigtermWaitsForTheRequestInFlightAndTurnsNewOnesAway(@TempDir Path folder) throws Exception {
        Map<String, String> env = Map.of("JIVOHUB_DB", "jdbc:sqlite:" + folder.resolve("jivohub.db"),
                "JIVOHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        JsonNode connection;
        JsonNode answer;
        try (JarRun jar = JarRun.start(folder, env, "--port", "0")) {
            String base = jar.baseUrl();
            connection = connect(base);
            String url = base + path(connection, "url");
            byte[] body = chatFinished(1);
            try (Socket slow = new Socket("localhost", URI.create(base).getPort())) {
                slow.setSoTimeout(30_000);
                OutputStream out = slow.getOutputStream();
                out.write(("POST " + path(connection, "url") + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
                // The half-sent request, and the metrics request that reads the gauge.
                await().atMost(Duration.ofSeconds(10)).until(() -> inFlight(base) >= 2);

                jar.process().destroy(); // SIGTERM

                Response turnedAway = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> Http.post(url, chatFinished(2)), response -> response.status() == 503);
                assertThat(turnedAway.json().get("error").asString()).contains("shutting down");
                assertThat(turnedAway.header("Retry-After")).isNotBlank();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200");
                answer = Json.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            }
            assertThat(jar.exitCode()).isZero();
        }
        try (JarRun jar = JarRun.start(folder, env, "--port", "0")) {
            List<Integer> stored = storedChatIds(jar.baseUrl() + path(connection, "data_url"));
            assertThat(stored).contains(1);
            assertThat(answer.get("data").get(0).get("chat_id").get(0).asString()).isEqualTo("1");
        }
    }

    /** The jar's {@code jivohub_http_in_flight} gauge. */
    private static double inFlight(String base) {
        return Http.get(base + "/metrics").text().lines().filter(line -> line.startsWith("jivohub_http_in_flight "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElse(0);
    }

    /**
     * The jar in a mount namespace of its own, on an 8 MiB tmpfs, which a filler file then fills: the disk is full
     * for the store and for nothing else on the machine.
     */
    @Test
    void aFullDiskGets503CorruptsNothingAndRecoversWhenSpaceReturns(@TempDir Path folder) throws Exception {
        Path mount = Files.createDirectories(folder.resolve("disk"));
        List<String> launcher = List.of("unshare", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=8m jivohub-test \"$0\" && exec \"$@\"", mount.toString());
        assumeTrue(new ProcessBuilder(List.of("unshare", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=1m probe \"$0\"", mount.toString())).start().waitFor() == 0,
                "this machine lets the tests mount a tmpfs in a mount namespace (root)");
        Map<String, String> env = Map.of("JIVOHUB_DB", "jdbc:sqlite:" + mount.resolve("jivohub.db"),
                "JIVOHUB_ADMIN_TOKEN", ADMIN_TOKEN);
        try (JarRun jar = JarRun.start(launcher, folder, env, "--port", "0")) {
            String base = jar.baseUrl();
            JsonNode connection = connect(base);
            String url = base + path(connection, "url");
            Clients clients = new Clients();
            for (int n = 0; n < 50; n++) {
                clients.send(url, clients.next.getAndIncrement());
            }
            Path disk = Path.of("/proc/" + jar.process().pid() + "/root" + mount);
            Path filler = disk.resolve("filler");

            fill(filler);
            List<Response> refused = new ArrayList<>();
            for (int i = 0; i < 500 && refused.isEmpty(); i++) {
                int n = clients.next.getAndIncrement();
                Response response = Http.post(url, chatFinished(n));
                if (response.status() == 200) {
                    clients.acknowledged.add(n);
                } else {
                    refused.add(response);
                }
            }

            Response connectionRefused = Http.post(base + "/jivo/get_key",
                    "{\"account_name\": \"During the full disk\", \"event_name\": \"all\"}",
                    "Authorization", "Bearer " + ADMIN_TOKEN);
            assertThat(refused).as("a full disk refuses events").isNotEmpty();
            assertThat(connectionRefused.status()).as("and new connections").isEqualTo(503);
            assertThat(Http.get(base + "/health").status()).as("health says so").isEqualTo(503);
            assertThat(refused.getFirst().status()).isEqualTo(503);
            assertThat(refused.getFirst().header("Retry-After")).isNotBlank();
            assertThat(refused.getFirst().json().get("error").asString()).contains("not stored");

            Files.delete(filler);
            assertThat(Http.get(base + "/health").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                int n = clients.next.getAndIncrement();
                clients.send(url, n);
                return clients.acknowledged.contains(n);
            });
            List<Integer> stored = storedChatIds(base + path(connection, "data_url"));
            assertThat(new HashSet<>(stored)).isEqualTo(clients.acknowledged);
            assertThat(stored).doesNotHaveDuplicates();
            assertEachChatFoldedOnce(base + path(connection, "data_url"), stored);
            for (int i = 0; i < 8; i++) { // every connection of the store pool works again, not just one
                Response created = Http.post(base + "/jivo/get_key",
                        "{\"account_name\": \"After the full disk " + i + "\", \"event_name\": \"all\"}",
                        "Authorization", "Bearer " + ADMIN_TOKEN);
                assertThat(created.status()).as(created.text()).isEqualTo(201);
            }
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + disk.resolve("jivohub.db"));
                 Statement statement = sqlite.createStatement();
                 ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                check.next();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
        }
    }

    /** Writes {@code filler} until the file system has no space left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).containsIgnoringCase("space");
        }
    }
}
