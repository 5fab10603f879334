package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.StoreKind;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class RetentionTest {

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eventsOlderThanTheRetentionAreDeletedInTheBackground(StoreKind kind, @TempDir Path folder) throws Exception {
        String db = kind.newDatabase(folder);
        JsonNode connection;
        List<Long> ids = new ArrayList<>();
        try (TestHub hub = TestHub.start(db)) {
            connection = hub.connection("Retained", "all");
            for (int i = 0; i < 2100; i++) {
                ids.add(hub.post(connection.get("url").asString(), chatFinished(i)).json()
                        .get("data").get(0).get("event_id").get(0).asLong());
            }
        }
        long old = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
        try (Connection sql = DriverManager.getConnection(db);
             PreparedStatement age = sql.prepareStatement("UPDATE events SET received_at = ? WHERE id <= ?")) {
            age.setLong(1, old);
            age.setLong(2, ids.get(2049));
            assertThat(age.executeUpdate()).isEqualTo(2050);
        }

        try (TestHub hub = TestHub.start(db, "--retention-days", "7")) {
            String dataUrl = connection.get("data_url").asString().replaceFirst(":\\d+/", ":" + hub.port() + "/");
            List<Long> kept = await().atMost(Duration.ofSeconds(30))
                    .until(() -> hub.eventIds(dataUrl), left -> left.size() == 50);

            assertThat(kept).isEqualTo(ids.subList(2050, 2100));
            assertThat(hub.post(hub.url(connection.get("url").asString().replaceFirst("^http://[^/]+", "")),
                    chatFinished(5000)).status()).as("ingest goes on").isEqualTo(200);
        }
    }
}
