package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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

            assertRecovered(hub, connection, "[\"1\",\"3\"]");
        }
    }

    /** The PostgreSQL server stopped mid-test and started again. */
    @Test
    void aStoppedPostgresqlGets503AndRecoversWhenItIsBack(@TempDir Path folder) {
        assumeTrue(TestPostgres.isEmbedded(), "the tests run their own PostgreSQL, which they may stop");
        try (TestPostgres.Server postgres = TestPostgres.Server.start(folder.resolve("pgdata"), 0);
             TestHub hub = TestHub.start(postgres.newDatabase())) {
            JsonNode connection = hub.connection("Outage", "all");
            hub.post(connection.get("url").asString(), chatFinished(1));

            postgres.stop();
            assertUnavailable(hub, connection);
            postgres.restart();

            assertRecovered(hub, connection, "[\"1\",\"3\"]");
        }
    }

    /** An operator turns the database read-only (as a failover or a full disk does on many hosted databases). */
    @Test
    void aReadOnlyPostgresqlGets503AndRecoversWhenWritable(@TempDir Path folder) throws Exception {
        assumeTrue(TestPostgres.isEmbedded(), "the tests run their own PostgreSQL, which they may reconfigure");
        try (TestPostgres.Server postgres = TestPostgres.Server.start(folder.resolve("pgdata"), 0);
             TestHub hub = TestHub.start(postgres.newDatabase());
             Connection admin = DriverManager.getConnection(postgres.adminUrl());
             Statement statement = admin.createStatement()) {
            JsonNode connection = hub.connection("Outage", "all");
            hub.post(connection.get("url").asString(), chatFinished(1));

            statement.execute("ALTER SYSTEM SET default_transaction_read_only = on");
            statement.execute("SELECT pg_reload_conf()");
            // Sessions pick the setting up between commands; wait until the store's have.
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.get(hub.url("/health")).status() == 503);
            // Until the writer's session has picked it up too, event 2 may still be stored, with its 200.
            List<Integer> answers = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                answers.add(hub.post(connection.get("url").asString(), chatFinished(2)).status());
                return answers.getLast() != 200;
            });
            assertThat(answers.getLast()).as("a store that takes no writes").isEqualTo(503);
            statement.execute("SET default_transaction_read_only = off");
            statement.execute("ALTER SYSTEM RESET default_transaction_read_only");
            statement.execute("SELECT pg_reload_conf()");

            assertRecovered(hub, connection, answers.contains(200) ? "[\"1\",\"2\",\"3\"]" : "[\"1\",\"3\"]");
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

    private static void assertRecovered(TestHub hub, JsonNode connection, String chatIds) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(hub.post(connection.get("url").asString(), chatFinished(3)).status()).isEqualTo(200));
        List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
        assertThat(tables.getFirst().get("chat_id").toString()).as("every event that got 200, and no other")
                .isEqualTo(chatIds);
    }
}
