package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DurabilityTest extends AcrossStores {

    @Test
    void connectionsAndEventsSurviveARestart() {
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

    @Test
    void healthIsUpWhenTheStoreAnswers() {
        Response health = hub.get(hub.url("/health"));

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("up");
    }
}
