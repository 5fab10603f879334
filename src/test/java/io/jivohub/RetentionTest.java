package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.Receiver;
import io.jivohub.support.StoreKind;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
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

    /** An event a destination still waits to deliver outlives the retention; an event nobody waits for does not. */
    @Test
    void anEventWaitingToBeForwardedIsKeptUntilItIsDelivered(@TempDir Path folder) throws Exception {
        String db = StoreKind.SQLITE.newDatabase(folder);
        String[] flags = {"--forward-allow-private", "--forward-retries", "0s,1h"};
        try (Receiver receiver = Receiver.start()) {
            receiver.byDefault(Receiver.Answer.status(503));
            JsonNode forwarded;
            JsonNode kept;
            try (TestHub hub = TestHub.start(db, flags)) {
                forwarded = hub.connection("Forwarded", "all");
                kept = hub.connection("Not forwarded", "all");
                assertThat(hub.post(hub.url("/jivo/admin/connections/1/destinations"), "{\"url\": \""
                        + receiver.url("/") + "\"}", "Content-Type", "application/json").status()).isEqualTo(201);
                for (int i = 0; i < 3; i++) {
                    assertThat(hub.post(forwarded.get("url").asString(), chatFinished(i)).status()).isEqualTo(200);
                }
                assertThat(hub.post(kept.get("url").asString(), chatFinished(9)).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
            }
            try (Connection sql = DriverManager.getConnection(db);
                 PreparedStatement age = sql.prepareStatement("UPDATE events SET received_at = ?")) {
                age.setLong(1, System.currentTimeMillis() - Duration.ofDays(8).toMillis());
                assertThat(age.executeUpdate()).isEqualTo(4);
            }

            String[] retained = {flags[0], flags[1], flags[2], "--retention-days", "7"};
            try (TestHub hub = TestHub.start(db, retained)) {
                String keptData = kept.get("data_url").asString().replaceFirst(":\\d+/", ":" + hub.port() + "/");
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.eventIds(keptData).isEmpty());
                String forwardedData = forwarded.get("data_url").asString()
                        .replaceFirst(":\\d+/", ":" + hub.port() + "/");
                assertThat(hub.eventIds(forwardedData)).as("the one retried and the two behind it").hasSize(3);

                receiver.byDefault(Receiver.Answer.status(200));
                assertThat(hub.post(hub.url("/jivo/admin/connections/1/destinations/1/redeliver"),
                        "{\"event_ids\": [1]}", "Content-Type", "application/json").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 4);
                assertThat(receiver.bodies().subList(1, 4)).as("the retried one, then the two behind it, once each")
                        .containsExactly(new String(chatFinished(0), StandardCharsets.UTF_8),
                                new String(chatFinished(1), StandardCharsets.UTF_8),
                                new String(chatFinished(2), StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.get(hub.url(
                        "/jivo/admin/connections/1/destinations/1")).json().get("waiting").asInt() == 0);
                assertThat(receiver.requests()).as("nothing sent twice").hasSize(4);
            }
        }
    }
}
