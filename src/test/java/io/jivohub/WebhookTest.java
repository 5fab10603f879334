package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static io.jivohub.support.TestEvents.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jivohub.json.Json;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class WebhookTest extends AcrossStores {
    private static final int MAX_BODY = 8 * 1024 * 1024;

    @Test
    void everyDocumentedSampleIsStoredThroughAnAllUrlAndReadBack() {
        JsonNode connection = hub.connection("Samples", "all");
        List<Path> samples = Samples.all();
        Map<String, Long> idByType = new HashMap<>();

        for (Path sample : samples) {
            Response response = hub.post(connection.get("url").asString(), Samples.read(sample));
            assertThat(response.status()).as(sample + ": " + response.text()).isEqualTo(200);
            JsonNode json = response.json();
            assertThat(json.get("result").asString()).isEqualTo("ok");
            JsonNode table = json.get("data").get(0);
            String type = Json.MAPPER.readTree(Samples.read(sample)).get("event_name").asString();
            assertThat(table.get("event_name").get(0).asString()).isEqualTo(type);
            assertThat(table.get("received_at").get(0).isString()).isTrue();
            idByType.merge(type, table.get("event_id").get(0).asLong(), Math::max);
        }

        List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
        List<String> types = tables.stream().map(table -> table.get("event_name").get(0).asString()).toList();
        assertThat(types).isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(idByType.keySet());
        assertThat(tables.stream().mapToInt(table -> table.get("event_id").size()).sum()).isEqualTo(samples.size());
    }

    @Test
    void theSeedsOfflineMessageAnswersWithTheSeedsColumns() {
        JsonNode connection = hub.connection("Seed", "offline_message");

        Response response = hub.post(connection.get("url").asString(), Samples.resource(Seed.PAYLOAD));

        assertThat(response.status()).isEqualTo(200);
        JsonNode table = response.json().get("data").get(0);
        Map<String, String> columns = new HashMap<>();
        table.properties().forEach(column -> columns.put(column.getKey(), column.getValue().get(0).asString()));
        Map<String, String> expected = new HashMap<>(Seed.COLUMNS);
        expected.put("user_agent", Seed.USER_AGENT);
        expected.put("event_id", columns.get("event_id"));
        expected.put("received_at", columns.get("received_at"));
        assertThat(columns).isEqualTo(expected);
        assertThat(table.get("event_id").get(0).isNumber()).isTrue();
    }

    @Test
    void anEventIsReadableTheMomentItIsAnswered() {
        JsonNode connection = hub.connection("Immediate", "all");

        for (int i = 0; i < 20; i++) {
            long id = hub.post(connection.get("url").asString(), chatFinished(i)).json()
                    .get("data").get(0).get("event_id").get(0).asLong();
            JsonNode page = hub.get(connection.get("data_url").asString() + "?after=" + (id - 1)).json();
            assertThat(page.get("data").get(0).get("event_id").get(0).asLong()).isEqualTo(id);
        }
    }

    @Test
    void aTypedUrlStoresItsTypeAndOnlyAcknowledgesOthers() {
        JsonNode connection = hub.connection("Typed", "offline_message");
        String url = connection.get("url").asString();
        double ignoredBefore = counter("chat_finished", "ignored");

        Response other = hub.post(url, Samples.resource("jivo/samples/chat_finished.json"));
        Response withoutType = hub.post(url, "{\"message\": \"no event_name in the body\"}");

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json()).isEqualTo(Json.MAPPER.readTree("{\"result\": \"ok\"}"));
        assertThat(counter("chat_finished", "ignored")).isEqualTo(ignoredBefore + 1);
        assertThat(withoutType.status()).isEqualTo(200);
        JsonNode table = withoutType.json().get("data").get(0);
        assertThat(table.get("event_name").get(0).asString()).isEqualTo("offline_message");

        List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
        assertThat(tables).hasSize(1);
        assertThat(tables.getFirst().get("message").toString()).isEqualTo("[\"no event_name in the body\"]");
    }

    @Test
    void anAllUrlStoresTypesJivoAddsLater() {
        JsonNode connection = hub.connection("Future", "all");

        Response response = hub.post(connection.get("url").asString(),
                "{\"event_name\": \"chat_transferred\", \"chat_id\": 5, \"to\": {\"agent_id\": 7}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("data").get(0).get("to_agent_id").get(0).asString()).isEqualTo("7");
    }

    @Test
    void theBodyIsReadAsUtf8JsonWhateverTheContentType() {
        JsonNode connection = hub.connection("Content types", "all");

        for (String contentType : List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
                "application/octet-stream", "text/html; charset=windows-1251")) {
            String body = "{\"event_name\": \"offline_message\", \"message\": \"Здравствуйте\", \"ct\": \""
                    + contentType + "\"}";
            Response response = hub.post(connection.get("url").asString(), body, "Content-Type", contentType);
            assertThat(response.status()).as(contentType).isEqualTo(200);
            assertThat(response.json().get("data").get(0).get("message").get(0).asString()).isEqualTo("Здравствуйте");
        }
    }

    @Test
    void aRetryOfTheSameBodyIsStoredOnceAndAnsweredAsBefore() throws Exception {
        JsonNode connection = hub.connection("Retries", "all");
        String url = connection.get("url").asString();
        byte[] body = Samples.resource("jivo/samples/chat_finished.json");

        Response first = hub.post(url, body);
        Response retry = hub.post(url, body);
        List<Response> concurrent = concurrently(10, () -> hub.post(url, chatFinished(999)));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(concurrent).extracting(Response::status).containsOnly(200);
        assertThat(concurrent).extracting(response -> response.json().get("data").get(0).get("event_id").get(0))
                .containsOnly(concurrent.getFirst().json().get("data").get(0).get("event_id").get(0));
        List<JsonNode> tables = hub.allTables(connection.get("data_url").asString());
        assertThat(tables).singleElement().satisfies(table -> assertThat(table.get("event_id")).hasSize(2));
    }

    @Test
    void theSameBodyOnAnotherConnectionIsAnotherEvent() {
        byte[] body = chatFinished(7);
        long first = hub.post(hub.connection("Same body A", "all").get("url").asString(), body).json()
                .get("data").get(0).get("event_id").get(0).asLong();
        long second = hub.post(hub.connection("Same body B", "all").get("url").asString(), body).json()
                .get("data").get(0).get("event_id").get(0).asLong();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void unknownKeysAndWrongPathsGetTheSame404() {
        JsonNode connection = hub.connection("Probe", "chat_finished");
        String key = connection.get("key").asString();
        byte[] body = Samples.resource("jivo/samples/chat_finished.json");

        List<Response> responses = List.of(
                hub.post(hub.url("/jivo/chat_finished/" + "0".repeat(64)), body),
                hub.post(hub.url("/jivo/chat_accepted/" + key), body),
                hub.post(hub.url("/jivo/all/" + key), body),
                hub.post(hub.url("/jivo/chat_finished/" + key.toUpperCase()), body),
                hub.post(hub.url("/jivo/chat_finished/" + key.substring(1)), body),
                hub.post(hub.url("/jivo/chat_finished/" + connection.get("data_url").asString()
                        .substring(connection.get("data_url").asString().lastIndexOf('/') + 1)), body));

        assertThat(responses).extracting(Response::status).containsOnly(404);
        assertThat(responses).extracting(Response::text).containsOnly(responses.getFirst().text());
        assertThat(responses.getFirst().json().get("error").asString()).isNotBlank();
        assertThat(hub.allTables(connection.get("data_url").asString())).isEmpty();
    }

    @Test
    void badBodiesGet400SayingWhatIsWrongAndStoreNothing() {
        JsonNode connection = hub.connection("Bad bodies", "all");
        String url = connection.get("url").asString();
        byte[] invalidUtf8 = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'n', 'a', 'm', 'e', '"', ':', '"', 'x', '"',
                ',', '"', 'm', '"', ':', '"', (byte) 0xFF, '"', '}'};

        assertRejected(url, "".getBytes(StandardCharsets.UTF_8), "empty");
        assertRejected(url, bytes("not json"), "not valid JSON");
        assertRejected(url, bytes("[{\"event_name\": \"chat_finished\"}]"), "must be a JSON object");
        assertRejected(url, bytes("{\"event_name\": \"chat_finished\""), "not valid JSON");
        assertRejected(url, invalidUtf8, "not UTF-8");
        assertRejected(url, bytes("{\"chat_id\": 1}"), "event_name is missing");
        assertRejected(url, bytes("{\"event_name\": 7}"), "event_name must be a string");
        assertRejected(url, bytes("{\"event_name\": \"Chat Finished\"}"), "event_name must be 1 to 64");
        assertRejected(url, bytes("{\"event_name\": \"chat_finished\", \"a\": " + "[".repeat(10_000)
                + "]".repeat(10_000) + "}"), "nesting depth");

        assertThat(hub.allTables(connection.get("data_url").asString())).isEmpty();
    }

    @Test
    void bodiesOverTheDefaultLimitOf8MiBGet413WithOrWithoutALengthAndStoreNothing() {
        JsonNode connection = hub.connection("Too large", "all");
        String url = connection.get("url").asString();
        String start = "{\"event_name\": \"chat_finished\", \"x\": \"";
        byte[] justFits = (start + "a".repeat(MAX_BODY - start.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] large = (start + "a".repeat(MAX_BODY - start.length() - 1) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(justFits).hasSize(MAX_BODY);
        assertThat(large).hasSize(MAX_BODY + 1);

        Response declared = hub.post(url, large);
        Response chunked = hub.send(url, "POST", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)));
        Response fits = hub.post(url, justFits);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(declared.json().get("error").asString()).contains(String.valueOf(MAX_BODY), "--max-body-bytes");
        assertThat(fits.status()).isEqualTo(200);
        assertThat(hub.allTables(connection.get("data_url").asString()))
                .singleElement().satisfies(table -> assertThat(table.get("event_id")).hasSize(1));
    }

    @Test
    void otherMethodsOnAWebhookUrlGet405WithoutRevealingTheKey() {
        String url = hub.connection("Methods", "all").get("url").asString();

        Response known = hub.get(url);
        Response unknown = hub.get(hub.url("/jivo/all/" + "1".repeat(64)));

        assertThat(known.status()).isEqualTo(405);
        assertThat(known.header("Allow")).isEqualTo("POST");
        assertThat(unknown.text()).isEqualTo(known.text());
    }

    @Test
    void unknownPathsGetAJson404() {
        Response response = hub.get(hub.url("/nothing/here"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).isNotBlank();
    }

    @Test
    void aLongChatTranscriptIsStoredWhole() {
        JsonNode connection = hub.connection("Long chat", "chat_finished");
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Samples.resource("jivo/samples/chat_finished.json"));
        var messages = event.withObject("chat").putArray("messages");
        for (int i = 0; i < 300; i++) {
            messages.addObject().put("message", "Сообщение номер " + i).put("timestamp", 1665396476 + i)
                    .put("type", i % 2 == 0 ? "visitor" : "agent");
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(event);
        assertThat(body.length).isLessThan(MAX_BODY);

        assertThat(hub.post(connection.get("url").asString(), body).status()).isEqualTo(200);

        JsonNode stored = hub.allTables(connection.get("data_url").asString()).getFirst();
        JsonNode transcript = Json.MAPPER.readTree(stored.get("chat_messages").get(0).asString());
        assertThat(transcript).hasSize(300);
        assertThat(transcript.get(299).get("message").asString()).isEqualTo("Сообщение номер 299");
    }

    private static void assertRejected(String url, byte[] body, String error) {
        Response response = hub.post(url, body);
        assertThat(response.status()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(400);
        assertThat(response.json().get("error").asString()).contains(error);
    }

    private static double counter(String type, String outcome) {
        String metrics = hub.get(hub.url("/metrics")).text();
        String series = "jivohub_events_total{outcome=\"" + outcome + "\",type=\"" + type + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                .findFirst().orElse(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
