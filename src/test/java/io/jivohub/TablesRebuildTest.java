package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestHub;
import io.jivohub.tables.Projector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tables built by older rules (or never built: events stored before the tables existed) are built anew from the
 * stored events at start-up: readers get a 503 that says how far the build is, never a half-built table; rows
 * come out the same; rows the new rules no longer make become tombstones.
 */
class TablesRebuildTest {
    @Test
    void olderTablesAreRebuiltFromTheEventsAndRowsNoLongerMadeBecomeTombstones(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Rebuild", "all");
            String dataUrl = connection.get("data_url").asString();
            for (int i = 0; i < 50; i++) {
                assertThat(hub.post(connection.get("url").asString(), new String(Samples.resource(
                        "jivo/samples/chat_accepted.json")).replace("7636", String.valueOf(1000 + i))).status())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> chats(hub, dataUrl).size() == 50);
            List<JsonNode> before = chats(hub, dataUrl);

            hub.restart(() -> hub.sql("UPDATE projection SET rules_version = 0",
                    "UPDATE projection SET row_version = row_version + 1",
                    "INSERT INTO table_rows SELECT c.id, 'chats', '[\"3948\",\"1\"]', p.row_version, p.generation, 0,"
                            + " 0, CAST('{\"widget_id\":\"3948\",\"chat_id\":\"1\"}' AS BLOB)"
                            + " FROM connections c, projection p"));

            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Response page = hub.get(dataUrl + "?dataset=chats");
                statuses.add(page.status());
                if (page.status() == 503) {
                    assertThat(page.json().get("error").asString()).contains("being built", "events folded");
                    assertThat(page.header("Retry-After")).isNotNull();
                }
                return page.status() == 200;
            });
            assertThat(statuses).as("nothing but 503 until built, then 200").isSubsetOf(503, 200);

            List<JsonNode> after = chats(hub, dataUrl);
            JsonNode stray = after.stream().filter(row -> row.get("chat_id").asString().equals("1")).findFirst()
                    .orElseThrow();
            assertThat(stray.get("deleted").asBoolean()).as("no event makes it any more").isTrue();
            List<JsonNode> kept = after.stream().filter(row -> !row.get("chat_id").asString().equals("1")).toList();
            assertThat(kept.stream().map(TablesRebuildTest::withoutVersion).toList()).as("the same rows")
                    .containsExactlyInAnyOrderElementsOf(before.stream().map(TablesRebuildTest::withoutVersion)
                            .toList());
        }
    }

    /**
     * A build whose last events were deleted before it reached them (an erasure, a deleted connection) still
     * ends; and a body today's parser refuses (stored before a rule of it) is left out, not a stop for the rest.
     */
    @Test
    void aBuildEndsWhenItsLastEventsAreGoneAndSkipsABodyThatCannotBeRead(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Gone", "all");
            String dataUrl = connection.get("data_url").asString();
            hub.restart(() -> hub.sql("INSERT INTO events (connection_id, event_name, received_at, body_hash,"
                    + " body) SELECT id, 'chat_updated', 0, X'00', CAST('{\"event_name\": \"chat_updated\", \""
                    + "x".repeat(1001) + "\": 1}' AS BLOB) FROM connections",
                    "UPDATE projection SET rules_version = 0, built_until = 1000"));
            assertThat(hub.post(connection.get("url").asString(), new String(Samples.resource(
                    "jivo/samples/chat_accepted.json"))).status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> chats(hub, dataUrl).size() == 1);
        }
    }

    /** Retention removes table rows whose newest event is past it, as tombstones readers can follow. */
    @Test
    void retentionTurnsRowsOfOldEventsIntoTombstones(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--retention-days", "30")) {
            JsonNode connection = hub.connection("Old", "all");
            String dataUrl = connection.get("data_url").asString();
            for (int chat : new int[] {1, 2}) {
                assertThat(hub.post(connection.get("url").asString(), new String(Samples.resource(
                        "jivo/samples/chat_accepted.json")).replace("7636", String.valueOf(chat))).status())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> chats(hub, dataUrl).size() == 2);

            // Chat 1 becomes 1970's; retention runs at start-up.
            hub.restart(() -> hub.sql("UPDATE events SET received_at = 1000 WHERE body LIKE '%\"chat_id\": 1,%'",
                    "UPDATE table_rows SET last_event_at = 1000 WHERE row_key LIKE '%\"1\"]'"));

            await().atMost(Duration.ofSeconds(10)).until(() -> chats(hub, dataUrl).stream()
                    .anyMatch(row -> row.get("deleted").asBoolean()));
            List<JsonNode> rows = chats(hub, dataUrl);
            assertThat(rows).filteredOn(row -> row.get("deleted").asBoolean())
                    .extracting(row -> row.get("chat_id").asString()).containsExactly("1");
            assertThat(rows).filteredOn(row -> !row.get("deleted").asBoolean())
                    .extracting(row -> row.get("chat_id").asString()).containsExactly("2");
        }
    }

    @Test
    void tablesOfANewerReleaseAreLeftToIt(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Newer", "all");
            hub.restart(() -> hub.sql("UPDATE projection SET rules_version = " + (Projector.RULES_VERSION + 1)));

            Response page = hub.get(connection.get("data_url").asString() + "?dataset=chats");

            assertThat(page.status()).isEqualTo(503);
            assertThat(page.json().get("error").asString()).contains("newer jivohub");
            assertThat(hub.get(connection.get("data_url").asString()).status()).as("the events as ever").isEqualTo(200);
        }
    }

    private static JsonNode withoutVersion(JsonNode row) {
        ObjectNode copy = (ObjectNode) row.deepCopy();
        copy.remove("row_version");
        return copy;
    }

    /** Every row of the chats, each as an object of its columns. */
    private static List<JsonNode> chats(TestHub hub, String dataUrl) {
        Response response = hub.get(dataUrl + "?dataset=chats");
        if (response.status() != 200) {
            return List.of();
        }
        return TestHub.tableRows(response.json());
    }
}
