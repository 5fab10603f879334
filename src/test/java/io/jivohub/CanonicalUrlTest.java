package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.jivohub.support.RawHttp;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each URL has exactly one spelling: a key reached through an encoded slash, an escaped letter, a dot segment or
 * a doubled or trailing slash would have another one in caches, logs and proxies, so any such spelling is a 404.
 */
class CanonicalUrlTest {

    @Test
    void onlyTheCanonicalSpellingOfAUrlIsServed(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Canonical", "all");
            String key = connection.get("key").asString();
            String readKey = connection.get("data_url").asString().substring(connection.get("data_url").asString()
                    .lastIndexOf('/') + 1);
            byte[] body = chatFinished(1);

            for (String path : new String[] {"/jivo/all%2F" + key, "/jivo/all%2f" + key, "/jivo/%61ll/" + key,
                    "/jivo/all/" + key.substring(0, 63) + "%" + Integer.toHexString(key.charAt(63)),
                    "/jivo/all/" + key + "/", "/jivo//all/" + key, "/jivo/./all/" + key, "/jivo/x/../all/" + key,
                    "/jivo/all/" + key + ";x=1", "//jivo/all/" + key}) {
                try (RawHttp http = new RawHttp(hub.port())) {
                    RawHttp.Answer answer = http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Length: " + body.length + "\r\n", body).read(false);
                    assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(404);
                }
            }
            for (String path : new String[] {"/jivo/data%2F" + readKey, "/jivo/data/" + readKey + "/",
                    "/health/", "/jivo/admin/connections/", "/jivo/get%5Fkey"}) {
                try (RawHttp http = new RawHttp(hub.port())) {
                    RawHttp.Answer answer = http.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n", new byte[0])
                            .read(false);
                    assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(404);
                }
            }

            assertThat(hub.eventIds(connection.get("data_url").asString())).as("nothing stored").isEmpty();
            assertThat(hub.post(connection.get("url").asString(), body).status()).isEqualTo(200);
        }
    }
}
