package io.jivohub;

import static io.jivohub.WebhookTest.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class DurabilityTest {

    @Test
    void connectionsAndEventsSurviveARestart(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Restart", "all");
            Response first = hub.post(connection.get("url").asString(), chatFinished(1));
            hub.post(connection.get("url").asString(), chatFinished(2));
            List<JsonNode> before = hub.allTables(connection.get("data_url").asString());

            hub.restart();

            assertThat(hub.allTables(connection.get("data_url").asString())).isEqualTo(before);
            Response retry = hub.post(connection.get("url").asString(), chatFinished(1));
            assertThat(retry.json()).as("a retry after a restart is still the same event").isEqualTo(first.json());
            Response next = hub.post(connection.get("url").asString(), chatFinished(3));
            assertThat(next.json().get("data").get(0).get("event_id").get(0).asLong())
                    .isGreaterThan(first.json().get("data").get(0).get("event_id").get(0).asLong() + 1);
            assertThat(hub.connection("Restart", "all")).as("get_key still knows the connection")
                    .isEqualTo(connection);
        }
    }

    @Test
    void healthIsUpWhenTheStoreAnswers(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            Response health = hub.get(hub.url("/health"));

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asString()).isEqualTo("up");
        }
    }

    /**
     * Another process holding the write lock is a store that does not answer: ingest must say 503 with
     * Retry-After and store nothing, health must say down, and both must recover by themselves once it lets go.
     */
    @Test
    void aLockedStoreGets503AndRecoversByItself(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Outage", "all");
            String url = connection.get("url").asString();
            hub.post(url, chatFinished(1));

            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + hub.database());
                 Statement statement = lock.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");

                Response refused = hub.post(url, chatFinished(2));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.json().get("error").asString()).contains("not stored");
                Response health = hub.get(hub.url("/health"));
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asString()).isEqualTo("down");

                statement.execute("ROLLBACK");
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200));
            assertThat(hub.post(url, chatFinished(3)).status()).isEqualTo(200);
            List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
            assertThat(tables.getFirst().get("chat_id").toString()).isEqualTo("[\"1\",\"3\"]");
        }
    }
}
