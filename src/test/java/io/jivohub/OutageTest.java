package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A store that stops answering: ingest must say 503 with Retry-After and store nothing, health must say down, and
 * both must recover by themselves once the store is back, without restarting jivohub.
 */
class OutageTest {

    /** Another process holding SQLite's write lock. */
    @Test
    void aLockedSqliteFileGets503AndRecoversByItself(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Outage", "all");
            hub.post(connection.get("url").asString(), chatFinished(1));

            try (Connection lock = DriverManager.getConnection(hub.db());
                 Statement statement = lock.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                assertUnavailable(hub, connection);
                statement.execute("ROLLBACK");
            }

            assertRecovered(hub, connection);
        }
    }

    /** The PostgreSQL server stopped mid-test and started again. */
    @Test
    void aStoppedPostgresqlGets503AndRecoversWhenItIsBack(@TempDir Path folder) {
        assumeThat(TestPostgres.isEmbedded()).as("the tests run their own PostgreSQL, which they may stop").isTrue();
        try (TestPostgres.Server postgres = TestPostgres.Server.start(folder.resolve("pgdata"), 0);
             TestHub hub = TestHub.start(postgres.newDatabase())) {
            JsonNode connection = hub.connection("Outage", "all");
            hub.post(connection.get("url").asString(), chatFinished(1));

            postgres.stop();
            assertUnavailable(hub, connection);
            postgres.restart();

            assertRecovered(hub, connection);
        }
    }

    private static void assertUnavailable(TestHub hub, JsonNode connection) {
        Response refused = hub.post(connection.get("url").asString(), chatFinished(2));
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.json().get("error").asString()).contains("not stored");
        Response health = hub.get(hub.url("/health"));
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("down");
    }

    private static void assertRecovered(TestHub hub, JsonNode connection) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.post(connection.get("url").asString(), chatFinished(3)).status()).isEqualTo(200));
        List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
        assertThat(tables.getFirst().get("chat_id").toString()).isEqualTo("[\"1\",\"3\"]");
    }
}
