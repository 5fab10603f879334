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
 * HEAD: answered as GET, without the body. A body after a HEAD answer would be read by a client that reuses the
 * connection as the start of its next answer, so every check here sends the next request on the same connection.
 */
class HeadTest {
    private static final String TOKEN = "head-admin-token-0123456789";
    private static final String AUTHORIZATION = "Authorization: Bearer " + TOKEN + "\r\n";

    private static String request(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers;
    }

    @Test
    void everyGetRouteAnswersHeadWithTheGetsStatusAndHeadersAndNoBody(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN);
             RawHttp http = new RawHttp(hub.port())) {
            JsonNode connection = hub.connection("Head", "all", "Authorization", "Bearer " + TOKEN);
            hub.post(connection.get("url").asString(), chatFinished(1));
            String data = connection.get("data_url").asString().substring(hub.url("").length());
            for (String path : new String[] {"/health", "/jivo/admin", "/jivo/admin/connections",
                    "/jivo/admin/connections/1", data, data + "?limit=1", data + "?format=csv&event_name=chat_finished"}) {
                RawHttp.Answer head = http.send(request("HEAD", path, AUTHORIZATION), new byte[0]).read(true);
                RawHttp.Answer get = http.send(request("GET", path, AUTHORIZATION), new byte[0]).read(false);

                assertThat(head.status()).as(path).isEqualTo(200);
                assertThat(get.status()).as("the GET after the HEAD of " + path + ": " + get.text()).isEqualTo(200);
                assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
                assertThat(head.header("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().length));
            }
            RawHttp.Answer metrics = http.send(request("HEAD", "/metrics", ""), new byte[0]).read(true);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(http.send(request("GET", "/health", ""), new byte[0]).read(false).status())
                    .as("the GET after the HEAD of /metrics").isEqualTo(200);
        }
    }

    @Test
    void noErrorAnswerToAHeadHasABody(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--admin-token", TOKEN);
             RawHttp http = new RawHttp(hub.port())) {
            String webhook = hub.connection("Head", "all", "Authorization", "Bearer " + TOKEN).get("url").asString()
                    .substring(hub.url("").length());
            String[][] cases = {
                    {webhook, "", "405"},
                    {"/jivo/get_key", AUTHORIZATION, "405"},
                    {"/jivo/admin/erasure", AUTHORIZATION, "405"},
                    {"/jivo/admin", "", "401"},
                    {"/jivo/admin/connections/99", AUTHORIZATION, "404"},
                    {"/jivo/data/" + "0".repeat(64), "", "404"},
                    {"/jivo/data/" + "0".repeat(64) + "?limt=1", "", "404"},
                    {"/nowhere", "", "404"}};
            for (String[] failing : cases) {
                RawHttp.Answer head = http.send(request("HEAD", failing[0], failing[1]), new byte[0]).read(true);
                RawHttp.Answer next = http.send(request("GET", "/health", ""), new byte[0]).read(false);

                assertThat(head.status()).as(failing[0]).isEqualTo(Integer.parseInt(failing[2]));
                assertThat(head.header("Content-Type")).as(failing[0]).startsWith("application/json");
                assertThat(next.status()).as("the GET after the HEAD of " + failing[0] + ": " + next.text())
                        .isEqualTo(200);
            }
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
                    RawHttp.Answer answer = http.send(unreadable, new byte[0]).read(true);

                    assertThat(answer.status()).as(unreadable).isEqualTo(400);
                    assertThat(answer.header("Content-Type")).as(unreadable).startsWith("application/json");
                    assertThat(http.isClosedByServer()).as("nothing follows the head of " + unreadable).isTrue();
                }
            }
        }
    }
}
