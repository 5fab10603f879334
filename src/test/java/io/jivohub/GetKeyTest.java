package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.AcrossStores;
import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class GetKeyTest extends AcrossStores {
    private static final String HEX64 = "[0-9a-f]{64}";

    private static Response getKey(String body, String... headers) {
        return hub.post(hub.url("/jivo/get_key"), body, headers);
    }

    @Test
    void createsAConnectionWithTwoIndependentSecretUrls() {
        Instant before = Instant.now().minusSeconds(1);
        Response response = getKey("{\"account_name\": \"Shop\", \"event_name\": \"all\"}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.propertyNames())
                .containsExactlyInAnyOrder("account_name", "event_name", "key", "url", "data_url", "created_at");
        assertThat(json.get("account_name").asString()).isEqualTo("Shop");
        assertThat(json.get("event_name").asString()).isEqualTo("all");
        String key = json.get("key").asString();
        assertThat(key).matches(HEX64);
        assertThat(json.get("url").asString()).isEqualTo(hub.url("/jivo/all/" + key));
        assertThat(json.get("data_url").asString()).matches(hub.url("/jivo/data/") + HEX64);
        assertThat(json.get("data_url").asString()).doesNotContain(key);
        assertThat(Instant.parse(json.get("created_at").asString())).isBetween(before, Instant.now());
    }

    @Test
    void theSameAccountAndEventGetTheSameUrlsAgain() {
        String body = "{\"account_name\": \"Магазин «Ромашка»\", \"event_name\": \"chat_finished\"}";
        Response first = getKey(body);
        Response again = getKey(body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(first.json().get("account_name").asString()).isEqualTo("Магазин «Ромашка»");
    }

    @Test
    void everyAccountAndEventHasItsOwnKeys() {
        JsonNode chats = hub.connection("Keys", "chat_accepted");
        JsonNode calls = hub.connection("Keys", "call_event");
        JsonNode other = hub.connection("Keys 2", "chat_accepted");

        assertThat(List.of(chats.get("key"), calls.get("key"), other.get("key"),
                chats.get("data_url"), calls.get("data_url"), other.get("data_url"))).doesNotHaveDuplicates();
    }

    @Test
    void everyEventTypeOfTheSeedAndJivosNewerOnesCanBeConnected() {
        for (String type : List.of("call_event", "chat_accepted", "chat_assigned", "chat_finished", "chat_updated",
                "offline_message", "client_updated", "client_attribute_updated", "all")) {
            JsonNode json = hub.connection("Every type", type);
            assertThat(json.get("url").asString()).startsWith(hub.url("/jivo/" + type + "/"));
        }
    }

    @Test
    void acceptTextPlainGetsOnlyTheUrl() {
        Response json = getKey("{\"account_name\": \"Plain\", \"event_name\": \"offline_message\"}");
        Response plain = getKey("{\"account_name\": \"Plain\", \"event_name\": \"offline_message\"}",
                "Accept", "text/plain");

        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).startsWith("text/plain");
        assertThat(plain.text()).isEqualTo(json.json().get("url").asString());
    }

    @Test
    void surroundingSpacesAreNotPartOfTheName() {
        JsonNode spaced = hub.connection("  Trimmed  ", "all");

        assertThat(spaced.get("account_name").asString()).isEqualTo("Trimmed");
        assertThat(hub.connection("Trimmed", "all")).isEqualTo(spaced);
    }

    @Test
    void accountNamesUpTo200CharactersAreAccepted() {
        assertThat(getKey("{\"account_name\": \"" + "я".repeat(200) + "\", \"event_name\": \"all\"}").status())
                .isEqualTo(201);
        assertThat(getKey("{\"account_name\": \"" + "😀".repeat(200) + "\", \"event_name\": \"all\"}").status())
                .isEqualTo(201);
    }

    @Test
    void badRequestsGet400SayingWhatIsWrongAndCreateNothing() {
        assertBadRequest("{\"event_name\": \"all\", \"account_name\": \"" + "я".repeat(201) + "\"}",
                "account_name must be at most 200 characters");
        assertBadRequest("{\"event_name\": \"all\"}", "account_name is missing");
        assertBadRequest("{\"account_name\": null, \"event_name\": \"all\"}", "account_name is missing");
        assertBadRequest("{\"account_name\": \"   \", \"event_name\": \"all\"}", "account_name must not be blank");
        assertBadRequest("{\"account_name\": \"   \"}", "account_name must not be blank");
        assertBadRequest("{\"account_name\": 42, \"event_name\": \"all\"}", "account_name must be a string");
        assertBadRequest("{\"account_name\": \"a\\u0000b\", \"event_name\": \"all\"}", "control characters");
        assertBadRequest("{\"account_name\": \"Rejected\"}", "event_name is missing");
        assertBadRequest("{\"account_name\": \"Rejected\", \"event_name\": \"chat_started\"}",
                "event_name must be one of call_event");
        assertBadRequest("{\"account_name\": \"Rejected\", \"event_name\": [\"all\"]}", "event_name must be one of");
        assertBadRequest("{\"account_name\": \"Rejected\", \"event_name\": \"all\"", "not valid JSON");
        assertBadRequest("[\"Rejected\", \"all\"]", "must be a JSON object");
        assertBadRequest("", "must be a JSON object");
        assertBadRequest("{\"account_name\": \"Rejected\", \"account_name\": \"Twice\", \"event_name\": \"all\"}",
                "Duplicate");

        assertThat(getKey("{\"account_name\": \"Rejected\", \"event_name\": \"all\"}").status())
                .as("nothing was created by the rejected requests").isEqualTo(201);
    }

    @Test
    void otherMethodsGet405() {
        Response response = hub.get(hub.url("/jivo/get_key"));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
        assertThat(response.json().get("error").asString()).contains("POST");
    }

    /**
     * There is no way in without the token: a proxy on this machine makes every request look local, so being local
     * proves nothing. (Until the token was always required, a loopback request needed none.)
     */
    @Test
    void withoutTheTokenNobodyIsLetInFromHereOrElsewhere() throws SocketException {
        String url = hub.url("/jivo/get_key");
        String body = "{\"account_name\": \"No token\", \"event_name\": \"all\"}";
        List<Response> refused = new ArrayList<>(List.of(Http.post(url, body),
                Http.post(url, body, "X-Forwarded-For", "203.0.113.7"), Http.post(url, body, "X-Real-IP", "::1")));
        NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst()
                .ifPresent(lan -> refused.add(Http.post("http://" + lan.getHostAddress() + ":" + hub.port()
                        + "/jivo/get_key", body)));

        assertThat(refused).extracting(Response::status).containsOnly(401);
        assertThat(refused.getFirst().json().get("error").asString()).contains("admin token", "--admin-token");
        assertThat(getKey(body).status()).as("with the token").isEqualTo(201);
    }

    @Test
    void withAnAdminTokenOnlyTheBearerMayCreateConnections(@TempDir Path otherFolder) {
        String token = "s3cret-admin-token-for-tests";
        try (TestHub secured = TestHub.start(store.newDatabase(otherFolder), "--admin-token", token,
                "--public-url", "https://hooks.example.com/")) {
            String body = "{\"account_name\": \"Secured\", \"event_name\": \"all\"}";
            String url = secured.url("/jivo/get_key");

            Response none = Http.post(url, body);
            Response wrong = secured.post(url, body, "Authorization", "Bearer " + token + "x");
            Response basic = secured.post(url, body, "Authorization", "Basic " + token);
            Response right = secured.post(url, body, "Authorization", "Bearer " + token,
                    "X-Forwarded-For", "203.0.113.7");

            assertThat(List.of(none.status(), wrong.status(), basic.status())).containsOnly(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(none.json().get("error").asString()).contains("Authorization: Bearer");
            assertThat(right.status()).isEqualTo(201);
            assertThat(right.json().get("url").asString()).startsWith("https://hooks.example.com/jivo/all/");
            assertThat(right.json().get("data_url").asString()).startsWith("https://hooks.example.com/jivo/data/");
        }
    }

    private static void assertBadRequest(String body, String error) {
        Response response = getKey(body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().get("error").asString()).as(body).contains(error);
    }
}
