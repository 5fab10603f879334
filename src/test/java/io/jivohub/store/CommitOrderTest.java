package io.jivohub.store;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Forces the race that would make the data cursor lose events with several instances on PostgreSQL: one instance
 * takes an id and then stalls before committing (a GC pause, a slow network) while another commits a later id.
 */
class CommitOrderTest {

    @Test
    void anInstanceStalledMidBatchKeepsLaterIdsFromBecomingVisibleFirst() throws Exception {
        try (TestHub hub = TestHub.start(TestPostgres.newDatabase());
             Connection stalled = DriverManager.getConnection(hub.db())) {
            JsonNode connection = hub.connection("Stall", "all");
            String dataUrl = connection.get("data_url").asString();

            // The stalled instance's writer: it has locked and inserted, but not committed.
            stalled.setAutoCommit(false);
            Dialect.POSTGRESQL.lockCommitOrder(stalled);
            long stalledId = insertEvent(stalled, connectionId(stalled, "Stall"));

            CompletableFuture<Response> post = CompletableFuture.supplyAsync(
                    () -> hub.post(connection.get("url").asString(), chatFinished(2)));
            await().atMost(Duration.ofSeconds(5)).until(() -> post.isDone() || waitsForCommitOrder(hub.db()));

            List<Long> seen = new ArrayList<>(ids(hub.get(dataUrl + "?after=0").json()));
            long after = seen.isEmpty() ? 0 : seen.getLast();
            stalled.commit();
            long postedId = post.get().json().get("data").get(0).get("event_id").get(0).asLong();
            seen.addAll(ids(hub.get(dataUrl + "?after=" + after).json()));

            assertThat(postedId).isGreaterThan(stalledId);
            assertThat(seen).as("what a reader following the cursor saw").containsExactly(stalledId, postedId);
        }
    }

    private static long connectionId(Connection db, String accountName) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT id FROM connections WHERE account_name = ?")) {
            select.setString(1, accountName);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static long insertEvent(Connection db, long connectionId) throws SQLException {
        NewEvent event = NewEvent.of(connectionId, "d".repeat(64), "chat_finished", "1", List.of(), chatFinished(1));
        return new EventInsert(db).insert(List.of(event), System.currentTimeMillis()).getFirst().id();
    }

    private static boolean waitsForCommitOrder(String db) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db);
             Statement statement = connection.createStatement();
             ResultSet waiting = statement.executeQuery(
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            waiting.next();
            return waiting.getInt(1) > 0;
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("data").forEach(table -> table.get("event_id").forEach(id -> ids.add(id.asLong())));
        return ids.stream().sorted().toList();
    }
}
