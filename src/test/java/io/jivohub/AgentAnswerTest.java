package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.standardwebhooks.Webhook;
import io.jivohub.json.Json;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.HubFlags;
import io.jivohub.support.Http;
import io.jivohub.support.Receiver;
import io.jivohub.support.Receiver.Answer;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Jivo shows the agent who accepts a chat, on SQLite and on PostgreSQL: a connection's static answer with its
 * placeholders filled from the event, and its responder's answer (a real HTTP receiver on this machine, which
 * {@code --forward-allow-private} lets jivohub reach) — on time, late, failing and answering junk. Whatever the
 * responder does, Jivo gets {@code "result": "ok"} and the event is stored.
 */
@HubFlags("--forward-allow-private")
class AgentAnswerTest extends AcrossStores {
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final byte[] CHAT_ACCEPTED = Samples.resource("jivo/samples/chat_accepted.json");

    /** A new connection: its webhook URL and its id. */
    private record Connected(String url, long id, String dataUrl) {
        String answerUrl() {
            return hub.url("/jivo/admin/connections/" + id + "/agent_answer");
        }
    }

    private static Connected connect(String eventName) {
        String account = "Agent answers " + ACCOUNTS.incrementAndGet();
        JsonNode made = hub.connection(account, eventName);
        return new Connected(made.get("url").asString(), hub.connectionId(account), made.get("data_url").asString());
    }

    private static Response put(Connected connection, String answer) {
        return hub.send(connection.answerUrl(), "PUT", BodyPublishers.ofString(answer), "Content-Type",
                "application/json");
    }

    private static JsonNode putOk(Connected connection, String answer) {
        Response made = put(connection, answer);
        assertThat(made.status()).as(made.text()).isEqualTo(200);
        return made.json();
    }

    /** What Jivo gets for {@code event}, which must be 200 with {@code result: ok}. */
    private static JsonNode jivoGets(Connected connection, byte[] event) {
        Response answer = Http.post(connection.url(), event);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("result").asString()).isEqualTo("ok");
        return answer.json();
    }

    @Test
    void aStaticAnswerReachesTheAgentWithThePlaceholdersFilledFromTheEvent() {
        Connected connection = connect("all");
        putOk(connection, """
                {"static": {
                  "crm_link": "https://crm.example.com/search?q={visitor.email}&who={visitor.name}",
                  "custom_data": [
                    {"title": "Visitor", "content": "{visitor.name}, {visitor.phone}"},
                    {"title": "Chats so far", "content": "{visitor.chats_count}"},
                    {"title": "VK", "content": "{visitor.social.vk}"},
                    {"key": "Agent", "content": "{agent.name} {unknown.path} {not a placeholder}"}
                  ],
                  "enable_assign": true
                }}""");

        JsonNode answer = jivoGets(connection, CHAT_ACCEPTED);
        assertThat(answer.get("crm_link").asString()).as("encoded inside a link")
                .isEqualTo("https://crm.example.com/search?q=email%40example.com&who=John%20Smith");
        assertThat(answer.get("custom_data").findValuesAsString("content"))
                .as("an entry that came out empty is left out")
                .containsExactly("John Smith, +14084987855", "1", "Thomas Anderson  {not a placeholder}");
        assertThat(answer.get("enable_assign").asBoolean()).isTrue();
        assertThat(answer.get("data")).as("the captured row is still in the answer").hasSize(1);

        JsonNode finished = jivoGets(connection, TestEvents.chatFinished(5));
        assertThat(finished.has("custom_data") || finished.has("crm_link"))
                .as("Jivo shows the agent answers to chat_accepted and chat_updated only").isFalse();
    }

    @Test
    void aValueTooLongForJivoIsCutShortInATextAndLeavesALinkOut() {
        Connected connection = connect("all");
        putOk(connection, """
                {"static": {
                  "crm_link": "https://crm.example.com/search?q={visitor.description}",
                  "custom_data": [{"title": "About", "content": "{visitor.description}"}],
                  "page": {"url": "https://crm.example.com/{visitor.description}", "title": "Card"},
                  "contact_info": {"name": "{visitor.name}"}
                }}""");
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(TestEvents.chatAccepted(7));
        // 1,811 characters; the 999th is the first half of a 🚚, where a cut would leave half a character
        String description = "Примечание:" + "Хочет доставку 🚚 ".repeat(100);
        ((ObjectNode) event.get("visitor")).put("description", description);

        JsonNode answer = jivoGets(connection, Json.MAPPER.writeValueAsBytes(event));
        String content = answer.get("custom_data").get(0).get("content").asString();
        assertThat(content).as("cut to Jivo's 1,000 characters, marked as cut").hasSizeBetween(990, 1000)
                .endsWith("…").startsWith(description.substring(0, 990));
        assertThat(content.codePoints().filter(c -> Character.isSurrogate((char) c))).as("no half character")
                .isEmpty();
        assertThat(answer.has("crm_link")).as("a link cut short would lead elsewhere: left out").isFalse();
        assertThat(answer.has("page")).as("a page without its address is left out").isFalse();
        assertThat(answer.get("contact_info").get("name").asString()).isEqualTo("Посетитель 7");
    }

    @Test
    void aResponderOnTimeIsAskedSignedAndWhatItAnswersIsRelayedOverTheStaticAnswer() throws Exception {
        try (Receiver crm = Receiver.start()) {
            crm.byDefault(Answer.json("""
                    {"result": "ok", "crm_link": "https://crm.example.com/clients/42",
                     "custom_data": [{"title": "Balance", "content": "56 ₽", "colour": "red"}],
                     "contact_info": {"name": "Иван Петров", "phone": null}, "discount": 5}""", Duration.ZERO));
            Connected connection = connect("chat_accepted");
            double answeredBefore = hub.metric("jivohub_agent_answer_responder_asks_total{outcome=\"answered\"} ");
            JsonNode made = putOk(connection, """
                    {"static": {"crm_link": "https://crm.example.com/search?q={visitor.email}",
                                "enable_assign": true},
                     "responder_url": "%s"}""".formatted(crm.url("/jivo-answer")));
            String secret = made.get("responder_secret").asString();
            assertThat(secret).startsWith("whsec_");
            assertThat(made.get("responder_timeout_ms").asInt()).as("the default").isEqualTo(2000);

            JsonNode answer = jivoGets(connection, CHAT_ACCEPTED);
            assertThat(answer.get("crm_link").asString()).as("the responder's field replaces the static one")
                    .isEqualTo("https://crm.example.com/clients/42");
            assertThat(answer.get("enable_assign").asBoolean()).as("the static field it did not answer stays")
                    .isTrue();
            assertThat(answer.get("custom_data").get(0).propertyNames()).as("only what Jivo knows")
                    .containsExactly("title", "content");
            assertThat(answer.get("custom_data").get(0).get("content").asString()).isEqualTo("56 ₽");
            assertThat(answer.get("contact_info").toString()).isEqualTo("{\"name\":\"Иван Петров\"}");
            assertThat(answer.has("discount")).isFalse();

            Receiver.Request asked = crm.requests().getFirst();
            assertThat(asked.body()).as("the event exactly as Jivo sent it").isEqualTo(CHAT_ACCEPTED);
            assertThat(asked.header("Content-Type")).isEqualTo("application/json");
            new Webhook(secret).verify(new String(asked.body(), StandardCharsets.UTF_8), asked.headers());
            assertThat(hub.metric("jivohub_agent_answer_responder_asks_total{outcome=\"answered\"} "))
                    .isEqualTo(answeredBefore + 1);

            JsonNode changed = putOk(connection, "{\"responder_url\": \"%s\"}".formatted(crm.url("/other")));
            assertThat(changed.get("responder_secret").asString()).as("a change keeps the secret").isEqualTo(secret);
            assertThat(changed.get("static").isNull()).as("PUT replaces the whole answer").isTrue();
        }
    }

    /** A responder that is late, fails or answers junk costs Jivo nothing but its fields; each is counted. */
    @Test
    void aLateFailingOrJunkResponderLeavesJivoTheStaticAnswerAndTheEventStored() throws Exception {
        Map<Answer, String> failures = new LinkedHashMap<>();
        failures.put(Answer.slow(Duration.ofSeconds(10)), "timeout");
        failures.put(Answer.status(500), "failed");
        failures.put(new Answer(200, Map.of(), Duration.ZERO, true, new byte[0]), "failed");
        failures.put(Answer.json("<html>Bad gateway</html>", Duration.ZERO), "invalid");
        failures.put(Answer.json("[1, 2]", Duration.ZERO), "invalid");
        failures.put(Answer.json("{\"crm_link\": \"javascript:alert(1)\"}", Duration.ZERO), "invalid");
        failures.put(Answer.json("{\"custom_data\": [" + String.join(",", Collections.nCopies(11,
                "{\"content\": \"x\"}")) + "]}", Duration.ZERO), "invalid");
        failures.put(Answer.json("{\"crm_link\": \"https://crm.example.com/" + "x".repeat(70_000) + "\"}",
                Duration.ZERO), "invalid");
        try (Receiver crm = Receiver.start()) {
            Connected connection = connect("all");
            putOk(connection, """
                    {"static": {"custom_data": [{"title": "Email", "content": "{visitor.email}"}]},
                     "responder_url": "%s", "responder_timeout_ms": 500}""".formatted(crm.url("/")));
            int chat = 100;
            for (Map.Entry<Answer, String> failure : failures.entrySet()) {
                String counted = "jivohub_agent_answer_responder_asks_total{outcome=\"" + failure.getValue() + "\"} ";
                double before = hub.metric(counted);
                crm.byDefault(failure.getKey()); // every time: a request that meets a hang-up is made once more
                long start = System.nanoTime();
                JsonNode answer = jivoGets(connection, TestEvents.chatAccepted(++chat));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(answer.get("custom_data").toString()).as(failure.getValue())
                        .isEqualTo("[{\"title\":\"Email\",\"content\":\"visitor" + chat + "@example.com\"}]");
                assertThat(answer.has("crm_link")).isFalse();
                assertThat(hub.metric(counted)).as(failure.getValue()).isEqualTo(before + 1);
                assertThat(took).as("Jivo waits at most about the timeout, never for the 10 s responder")
                        .isLessThan(Duration.ofSeconds(5));
            }
            assertThat(hub.eventIds(connection.dataUrl())).as("every event stored").hasSize(failures.size());
        }
    }

    @Test
    void anAnswerJivoWouldNotTakeIsRefusedAndNothingIsKept() {
        Connected connection = connect("all");
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{}", "give static, responder_url or both"),
                Map.entry("{\"static\": {\"crm_lnk\": \"https://crm.example.com/\"}}",
                        "crm_lnk is not a field Jivo shows the agent"),
                Map.entry("{\"static\": {\"custom_data\": [{\"title\": \"No content\"}]}}",
                        "custom_data[0].content is missing"),
                Map.entry("{\"static\": {\"custom_data\": [" + String.join(",", Collections.nCopies(11,
                        "{\"content\": \"x\"}")) + "]}}", "Jivo shows at most 10"),
                Map.entry("{\"static\": {\"crm_link\": \"javascript:alert(1)\"}}",
                        "crm_link must be an http:// or https:// address"),
                Map.entry("{\"static\": {\"page\": {\"title\": \"Cart\"}}}", "page.url is missing"),
                Map.entry("{\"static\": {\"enable_assign\": \"yes\"}}", "enable_assign must be true or false"),
                Map.entry("{\"responder_url\": \"ftp://crm.example.com/\"}",
                        "responder_url must be an http:// or https:// address"),
                Map.entry("{\"responder_url\": \"https://crm.example.com/\", \"responder_timeout_ms\": 20000}",
                        "responder_timeout_ms must be from 50 to 10000"),
                Map.entry("{\"responder\": \"https://crm.example.com/\"}", "responder is not a field"));
        refusals.forEach((body, error) -> {
            Response refused = put(connection, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("error").asString()).as(body).contains(error);
        });
        assertThat(hub.get(connection.answerUrl()).status()).as("nothing kept").isEqualTo(404);
        assertThat(jivoGets(connection, CHAT_ACCEPTED).propertyNames()).containsExactly("result", "data");

        Connected offline = connect("offline_message");
        Response refused = put(offline, "{\"static\": {\"crm_link\": \"https://crm.example.com/\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).contains("captures offline_message",
                "chat_accepted and chat_updated");
        assertThat(hub.send(hub.url("/jivo/admin/connections/999999/agent_answer"), "PUT",
                BodyPublishers.ofString("{}")).status()).isEqualTo(404);
        assertThat(Http.get(connection.answerUrl()).status()).as("without the admin token").isEqualTo(401);
    }

    @Test
    void theAnswerIsShownWithItsSecretMaskedAndDeletingItEndsIt() {
        Connected connection = connect("all");
        String secret = putOk(connection, "{\"static\": {\"crm_link\": \"https://crm.example.com/\"},"
                + " \"responder_url\": \"http://127.0.0.1:9/\", \"responder_timeout_ms\": 100}")
                .get("responder_secret").asString();
        JsonNode shown = hub.get(connection.answerUrl()).json();
        assertThat(shown.get("responder_secret").asString()).doesNotContain(secret.substring(6, 20))
                .endsWith(secret.substring(secret.length() - 4));
        assertThat(shown.get("static").get("crm_link").asString()).isEqualTo("https://crm.example.com/");
        assertThat(shown.get("responder_timeout_ms").asInt()).isEqualTo(100);

        Response deleted = hub.send(connection.answerUrl(), "DELETE", BodyPublishers.noBody());
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(hub.get(connection.answerUrl()).status()).isEqualTo(404);
        assertThat(jivoGets(connection, CHAT_ACCEPTED).has("crm_link")).isFalse();
        assertThat(hub.send(connection.answerUrl(), "DELETE", BodyPublishers.noBody()).status()).isEqualTo(404);
    }

    /** Chat events remember their connection's answer for a while; a change made here must still reach the next. */
    @Test
    void aChangedAnswerReachesTheNextChatAtOnce() {
        Connected connection = connect("all");
        assertThat(jivoGets(connection, CHAT_ACCEPTED).has("crm_link")).isFalse();
        putOk(connection, "{\"static\": {\"crm_link\": \"https://crm.example.com/first\"}}");
        assertThat(jivoGets(connection, CHAT_ACCEPTED).get("crm_link").asString())
                .isEqualTo("https://crm.example.com/first");
        putOk(connection, "{\"static\": {\"crm_link\": \"https://crm.example.com/second\"}}");
        assertThat(jivoGets(connection, CHAT_ACCEPTED).get("crm_link").asString())
                .isEqualTo("https://crm.example.com/second");
        assertThat(hub.send(connection.answerUrl(), "DELETE", BodyPublishers.noBody()).status()).isEqualTo(200);
        assertThat(jivoGets(connection, CHAT_ACCEPTED).has("crm_link")).isFalse();
    }

    /** Without {@code --forward-allow-private}, a responder on this machine or a private network is refused. */
    @Test
    void withoutTheOperatorsLeaveOnlyPublicAddressesAreResponders() throws IOException {
        try (TestHub strict = TestHub.start(Files.createDirectories(folder.resolve(store.name() + "-strict")))) {
            strict.connection("Strict", "all");
            String answerUrl = strict.url("/jivo/admin/connections/" + strict.connectionId("Strict")
                    + "/agent_answer");
            for (String url : List.of("http://127.0.0.1:8080/", "http://localhost/answer", "http://192.168.1.1/")) {
                Response refused = strict.send(answerUrl, "PUT", BodyPublishers.ofString(
                        "{\"responder_url\": \"" + url + "\"}"), "Content-Type", "application/json");
                assertThat(refused.status()).as(url).isEqualTo(400);
                assertThat(refused.json().get("error").asString()).as(url).contains("responder_url:",
                        "public addresses only");
            }
            assertThat(strict.get(answerUrl).status()).isEqualTo(404);
        }
    }
}
