package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.jivohub.support.RawHttp;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * HEAD: answered as GET, without the body. A body after a HEAD answer would be read by a client that reuses the
 * connection as the start of its next answer, so every HEAD here is followed by a GET on the same connection.
 */
class HeadTest {
    private static final String TOKEN = "head-admin-token-0123456789";
    private static final String AUTHORIZATION = "Authorization: Bearer " + TOKEN + "\r\n";
    private static final byte[] NO_BODY = new byte[0];

    private static String request(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers;
    }

    /** The headers that must be equal: all but the date, which moves on. */
    private static Map<String, String> comparable(RawHttp.Answer answer) {
        Map<String, String> headers = new HashMap<>(answer.headers());
        headers.remove("date");
        return headers;
    }

    /** HEAD, then GET of the same path on the same connection: the same status and headers, and the GET readable. */
    private static void assertHeadAnswersAsGet(RawHttp http, String path, String headers, int status)
            throws Exception {
        RawHttp.Answer head = http.send(request("HEAD", path, headers), NO_BODY).read(true);
        RawHttp.Answer get = http.send(request("GET", path, headers), NO_BODY).read(false);

        assertThat(get).as("the GET after the HEAD of " + path).isNotNull();
        assertThat(get.status()).as("the GET after the HEAD of " + path + ": " + get.text()).isEqualTo(status);
        assertThat(head.status()).as(path).isEqualTo(status);
        assertThat(comparable(head)).as(path).isEqualTo(comparable(get));
        assertThat(head.header("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().length));
    }

    @Test
    void everyGetRouteAnswersHeadWithTheGetsStatusAndHeadersAndNoBody(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN);
             RawHttp http = new RawHttp(hub.port())) {
            JsonNode connection = hub.connection("Head", "all", "Authorization", "Bearer " + TOKEN);
            hub.post(connection.get("url").asString(), chatFinished(1));
            hub.post(connection.get("url").asString(), chatFinished(2));
            String data = connection.get("data_url").asString().substring(hub.url("").length());

            for (String path : new String[] {"/health", "/jivo/admin/assets/app.css",
                    "/jivo/admin/connections",
                    "/jivo/admin/connections/1", data, data + "?limit=1",
                    data + "?format=csv&event_name=chat_finished&limit=1"}) {
                assertHeadAnswersAsGet(http, path, AUTHORIZATION, 200);
            }
            RawHttp.Answer metrics = http.send(request("HEAD", "/metrics", ""), NO_BODY).read(true);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.header("Content-Length")).as("the scrape's length").isNotBlank();
            assertThat(http.send(request("GET", "/health", ""), NO_BODY).read(false).status())
                    .as("the GET after the HEAD of /metrics").isEqualTo(200);
        }
    }

    @Test
    void errorAnswersToAHeadAreTheGetsWithoutTheBody(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN);
             RawHttp http = new RawHttp(hub.port())) {
            JsonNode connection = hub.connection("Head", "all", "Authorization", "Bearer " + TOKEN);
            String webhook = connection.get("url").asString().substring(hub.url("").length());
            String data = connection.get("data_url").asString().substring(hub.url("").length());

            assertHeadAnswersAsGet(http, webhook, "", 405);
            assertHeadAnswersAsGet(http, "/jivo/get_key", AUTHORIZATION, 405);
            assertHeadAnswersAsGet(http, "/jivo/admin/erasure", AUTHORIZATION, 405);
            assertHeadAnswersAsGet(http, "/jivo/admin", "", 303);
            assertHeadAnswersAsGet(http, "/jivo/admin/nowhere", "", 404);
            assertHeadAnswersAsGet(http, "/jivo/admin/connections/99", AUTHORIZATION, 404);
            assertHeadAnswersAsGet(http, data + "?limt=1", "", 400);
            assertHeadAnswersAsGet(http, "/jivo/data/" + "0".repeat(64), "", 404);
            assertHeadAnswersAsGet(http, "/nowhere", "", 404);
        }
    }

    @Test
    void aClientPastItsAllowanceGets429WithoutABodyToo(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--not-found-limit", "1");
             RawHttp http = new RawHttp(hub.port())) {
            String unknown = "/jivo/data/" + "0".repeat(64);
            assertThat(http.send(request("HEAD", unknown, ""), NO_BODY).read(true).status()).isEqualTo(404);

            RawHttp.Answer limited = http.send(request("HEAD", unknown, ""), NO_BODY).read(true);
            RawHttp.Answer next = http.send(request("GET", "/health", ""), NO_BODY).read(false);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(next.status()).as("the GET after the 429: " + next.text()).isEqualTo(200);
        }
    }

    /**
     * Requests rejected before routing. (A request line too long to read at all has no method anyone could know;
     * its 414 carries the JSON body, and the connection closes after it.)
     */
    @Test
    void aHeadTheServerCannotReadAsHttpGetsItsStatusAndNoBody(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            for (String unreadable : new String[] {"HEAD /health HTTP/9.9\r\n",
                    "HEAD /health HTTP/1.1\r\nHost: localhost\r\nnot a header\r\n"}) {
                try (RawHttp http = new RawHttp(hub.port())) {
                    RawHttp.Answer answer = http.send(unreadable, NO_BODY).read(true);

                    assertThat(answer.status()).as(unreadable).isEqualTo(400);
                    assertThat(answer.header("Content-Type")).as(unreadable).startsWith("application/json");
                    assertThat(http.isClosedByServer()).as("nothing follows the head of " + unreadable).isTrue();
                }
            }
        }
    }
}
