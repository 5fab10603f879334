package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static io.jivohub.support.TestEvents.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.jivohub.json.Json;
import io.jivohub.support.Receiver;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two stateless jivohub instances on one PostgreSQL database, as behind a load balancer. */
class MultiInstanceTest {
    private TestHub first;
    private TestHub second;

    @BeforeEach
    void start() {
        first = TestHub.start(TestPostgres.newDatabase());
        second = TestHub.start(first.db());
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    /** The same URL, sent to {@code hub} instead of the instance that made it. */
    private static String on(TestHub hub, String url) {
        return url.replaceFirst("^http://localhost:\\d+", "http://localhost:" + hub.port());
    }

    /**
     * Both instances forward; one at a time forwards to a destination, so its receiver gets every event once, in
     * order, whichever instance took it. When that instance stops, the other takes over.
     */
    @Test
    void oneInstanceAtATimeForwardsToADestinationAndTheOtherTakesOver() throws Exception {
        String[] flags = {"--forward-allow-private", "--forward-timeout", "1"};
        TestHub one = TestHub.start(TestPostgres.newDatabase(), flags);
        boolean oneStopped = false;
        try (Receiver receiver = Receiver.start(); TestHub two = TestHub.start(one.db(), flags)) {
            String url = one.connection("Forwarded twice", "all").get("url").asString();
            long id = one.connectionId("Forwarded twice");
            assertThat(one.post(one.url("/jivo/admin/connections/" + id + "/destinations"),
                    "{\"url\": \"" + receiver.url("/") + "\"}", "Content-Type", "application/json").status())
                    .isEqualTo(201);
            for (int n = 0; n < 60; n++) {
                TestHub hub = n % 2 == 0 ? one : two;
                assertThat(hub.post(on(hub, url), chatFinished(n)).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() >= 60);

            one.close();
            oneStopped = true;
            for (int n = 60; n < 80; n++) {
                assertThat(two.post(on(two, url), chatFinished(n)).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() >= 80);
            assertThat(receiver.bodies().stream().map(Json.MAPPER::readTree).map(event -> event.get("chat_id").asInt()))
                    .as("each once, in order").containsExactlyElementsOf(IntStream.range(0, 80)
                            .boxed().toList());
        } finally {
            if (!oneStopped) {
                one.close();
            }
        }
    }

    /**
     * Both instances take webhooks; one folds the Jivo tables at a time, and either serves them complete, each event
     * folded once. When the one that folds stops, the other takes over.
     */
    @Test
    void oneInstanceFoldsTheTablesAtATimeAndTheOtherTakesOver() throws Exception {
        JsonNode connection = first.connection("Two instances", "all");
        String url = connection.get("url").asString();
        AtomicInteger next = new AtomicInteger();
        concurrently(200, () -> {
            int n = next.incrementAndGet();
            TestHub hub = n % 2 == 0 ? first : second;
            assertThat(hub.post(on(hub, url), chatFinished(n)).status()).isEqualTo(200);
            return n;
        });
        String chats = connection.get("data_url").asString() + "?dataset=chats&format=ndjson";
        for (TestHub hub : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Response table = hub.get(on(hub, chats));
                return table.status() == 200 && table.text().lines().count() == 200;
            });
            assertThat(hub.get(on(hub, chats)).text().lines().map(Json.MAPPER::readTree))
                    .extracting(row -> row.get("events").asLong()).containsOnly(1L);
        }
        List<Boolean> folding = List.of(first, second).stream().map(hub -> hub.get(hub.url("/jivo/admin/tables"))
                .json().get("folding_here").asBoolean()).toList();
        assertThat(folding).as("exactly one folds").containsExactlyInAnyOrder(true, false);

        TestHub folder = folding.getFirst() ? first : second;
        TestHub other = folder == first ? second : first;
        folder.close();
        assertThat(other.post(on(other, url), chatFinished(1000)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> other.get(on(other, chats)).text().lines().count() == 201);
        assertThat(other.get(other.url("/jivo/admin/tables")).json().get("folding_here").asBoolean()).isTrue();
        if (folder == first) {
            first = TestHub.start(second.db());
        } else {
            second = TestHub.start(first.db());
        }
    }

    @Test
    void aRevocationOrRotationOnOneInstanceHoldsOnTheOtherFromItsAnswer() {
        JsonNode connection = first.connection("Revoked elsewhere", "all");
        String url = on(second, connection.get("url").asString());
        assertThat(second.post(url, chatFinished(1)).status()).as("the second instance now remembers the key")
                .isEqualTo(200);
        long id = first.connectionId("Revoked elsewhere");

        Response rotated = first.post(first.url("/jivo/admin/connections/" + id + "/rotate_url?overlap_hours=0"), "");
        Response oldKey = second.post(url, chatFinished(2));
        String newUrl = on(second, rotated.json().get("url").asString());
        assertThat(second.post(newUrl, chatFinished(3)).status()).isEqualTo(200);
        first.post(first.url("/jivo/admin/connections/" + id + "/revoke"), "");
        Response afterRevoke = second.post(newUrl, chatFinished(4));

        assertThat(oldKey.status()).as("the rotated-out key, at once").isEqualTo(404);
        assertThat(afterRevoke.status()).as("the revoked connection, at once").isEqualTo(404);
        JsonNode report = second.get(second.url("/jivo/admin/connections/" + id)).json();
        assertThat(report.get("events").get("stored").asLong()).as("only events 1 and 3 stored").isEqualTo(2);
    }

    @Test
    void aConnectionCreatedOnOneInstanceWorksOnBothAtOnce() {
        JsonNode connection = first.connection("Shared", "all");

        Response event = second.post(on(second, connection.get("url").asString()), chatFinished(1));
        Response again = second.post(second.url("/jivo/get_key"),
                "{\"account_name\": \"Shared\", \"event_name\": \"all\"}");

        assertThat(event.status()).isEqualTo(200);
        assertThat(again.status()).as("the second instance finds the connection").isEqualTo(200);
        assertThat(again.json().get("key")).isEqualTo(connection.get("key"));
        assertThat(first.allTables(connection.get("data_url").asString()))
                .isEqualTo(second.allTables(on(second, connection.get("data_url").asString())));
    }

    @Test
    void aRetryThatLandsOnTheOtherInstanceIsStoredOnce() throws Exception {
        JsonNode connection = first.connection("Retry", "all");
        String url = connection.get("url").asString();
        byte[] body = chatFinished(7);

        Response original = first.post(url, body);
        Response retry = second.post(on(second, url), body);
        List<Response> racing = concurrently(20, () -> {
            TestHub hub = Math.random() < 0.5 ? first : second;
            return hub.post(on(hub, url), chatFinished(8));
        });

        assertThat(retry.json()).isEqualTo(original.json());
        assertThat(racing).extracting(Response::status).containsOnly(200);
        assertThat(racing).extracting(response -> response.json().get("data").get(0).get("event_id").get(0))
                .containsOnly(racing.getFirst().json().get("data").get(0).get("event_id").get(0));
        assertThat(first.allTables(connection.get("data_url").asString()))
                .singleElement().satisfies(table -> assertThat(table.get("event_id")).hasSize(2));
    }

    /**
     * Ids come from a sequence when rows are inserted, not when they commit; with two instances writing at once
     * a reader could pass an id whose smaller neighbour commits later, and never see that one. Readers here follow
     * next_after while both instances take bursts of events, and each must see every committed event once.
     * (This race is rare by nature; {@code store.CommitOrderTest} forces it.)
     */
    @Test
    void theCursorSeesEveryEventOnceWhileBothInstancesWrite() throws Exception {
        JsonNode connection = first.connection("Cursor", "all");
        String url = connection.get("url").asString();
        int perClient = 40;
        int clientsPerInstance = 16;
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger numbers = new AtomicInteger();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (TestHub hub : List.of(first, second)) {
            for (int c = 0; c < clientsPerInstance; c++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perClient; i++) {
                        Response response = hub.post(on(hub, url), chatFinished(numbers.incrementAndGet()));
                        assertThat(response.status()).as(response.text()).isEqualTo(200);
                        acknowledged.add(response.json().get("data").get(0).get("event_id").get(0).asLong());
                    }
                }, command -> Thread.ofVirtual().start(command)));
            }
        }
        CompletableFuture<Void> writers = CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new));

        List<List<Long>> walks = concurrently(4,
                () -> first.followCursor(connection.get("data_url").asString(), 5, writers));
        writers.join();

        Set<Long> expected = new HashSet<>(acknowledged);
        assertThat(expected).hasSize(2 * clientsPerInstance * perClient);
        for (List<Long> seen : walks) {
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(expected).as("events a reader missed").containsExactlyInAnyOrderElementsOf(seen);
        }
    }

    /**
     * A reader following a Jivo table's {@code row_version} cursor, page by page on either instance while both take
     * events that change the rows (a chat accepted, then finished), sees each version once, in order, and by
     * upserting by key ends up with exactly the table.
     */
    @Test
    void theTablesCursorSeesEveryChangeOnceWhileBothInstancesWrite() throws Exception {
        JsonNode connection = first.connection("Table cursor", "all");
        String url = connection.get("url").asString();
        String dataUrl = connection.get("data_url").asString();
        int chats = 150;
        AtomicInteger numbers = new AtomicInteger();
        CompletableFuture<Void> writers = CompletableFuture.runAsync(() -> {
            try {
                concurrently(12, () -> {
                    for (int n = numbers.incrementAndGet(); n <= chats; n = numbers.incrementAndGet()) {
                        TestHub accepting = n % 2 == 0 ? first : second;
                        TestHub finishing = n % 3 == 0 ? first : second;
                        assertThat(accepting.post(on(accepting, url), "{\"event_name\": \"chat_accepted\", \"chat_id\": "
                                + n + ", \"agent\": {\"id\": \"7\", \"name\": \"Анна\"}}").status()).isEqualTo(200);
                        assertThat(finishing.post(on(finishing, url), chatFinished(n)).status()).isEqualTo(200);
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Map<String, JsonNode> upserted = new HashMap<>();
        List<Long> versions = new ArrayList<>();
        long after = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int turn = 0; ; turn++) {
            TestHub hub = turn % 2 == 0 ? first : second;
            Response page = hub.get(on(hub, dataUrl) + "?dataset=chats&format=rows&limit=7&after=" + after);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (JsonNode row : page.json().get("data")) {
                versions.add(row.get("row_version").asLong());
                upserted.put(row.get("chat_id").asString(), row);
                after = row.get("row_version").asLong();
            }
            boolean complete = upserted.size() == chats
                    && upserted.values().stream().allMatch(row -> row.get("events").asLong() == 2);
            if (writers.isDone() && complete && page.json().get("next_after").isNull()) {
                break;
            }
            assertThat(System.nanoTime()).as("the reader caught up with every change").isLessThan(deadline);
        }
        writers.join();

        assertThat(versions).as("each version once, in order").isSorted().doesNotHaveDuplicates();
        Map<String, JsonNode> table = new HashMap<>();
        second.get(on(second, dataUrl) + "?dataset=chats&format=ndjson").text().lines().map(Json.MAPPER::readTree)
                .forEach(row -> table.put(row.get("chat_id").asString(), row));
        assertThat(upserted).as("what the reader upserted is the table").isEqualTo(table);
        assertThat(table.values()).allMatch(row -> row.get("finished_at").isString());
    }

    @Test
    void instancesStartingTogetherMigrateTheDatabaseOnce() throws Exception {
        String db = TestPostgres.newDatabase();

        List<TestHub> hubs = concurrently(4, () -> TestHub.start(db));
        try {
            for (TestHub hub : hubs) {
                assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200);
            }
            try (Connection connection = DriverManager.getConnection(db);
                 Statement statement = connection.createStatement();
                 ResultSet migrations = statement.executeQuery(
                         "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'")) {
                migrations.next();
                assertThat(migrations.getInt(1)).isEqualTo(1);
            }
        } finally {
            hubs.forEach(TestHub::close);
        }
    }
}
