package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.RawHttp;
import io.jivohub.support.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The jar, as a user runs it, against a client that means it harm. */
class HostileClientIT {
    private static final String TOKEN = "hostile-client-admin-token-0123";

    /** Malformed chunked bodies once got a 500 and a 4 KB stack trace each: 1,000 of them wrote 4.3 MB of log. */
    @Test
    void malformedBodiesGet400AndCannotFillTheLog(@TempDir Path folder) throws Exception {
        try (JarRun run = JarRun.start(folder, Map.of("JIVOHUB_ADMIN_TOKEN", TOKEN), "--port", "0")) {
            String base = run.baseUrl();
            JsonNode connection = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Chunks\", \"event_name\": "
                    + "\"all\"}", "Authorization", "Bearer " + TOKEN).json();
            String path = connection.get("url").asString().substring(base.length());
            int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
            int linesBefore = run.lines().size();

            for (int i = 0; i < 1000; i++) {
                try (RawHttp http = new RawHttp(port)) {
                    RawHttp.Answer answer = http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Transfer-Encoding: chunked\r\n", ("zz" + i + "\r\nabc\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII)).read(false);
                    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
                    assertThat(answer.json().get("error").asString()).contains("chunked");
                }
            }
            for (int i = 0; i < 200; i++) {
                try (RawHttp http = new RawHttp(port)) {
                    http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n",
                            "{\"event_name\": \"chat_".getBytes(StandardCharsets.US_ASCII));
                } // and hangs up mid-body
            }
            assertThat(Http.post(connection.get("url").asString(), TestEvents.chatFinished(1)).status()).isEqualTo(200);

            String log = String.join("\n", run.lines().subList(linesBefore, run.lines().size()));
            assertThat(run.lines().size() - linesBefore).as("lines logged for 1,200 bad requests:\n" + log)
                    .isLessThanOrEqualTo(4 * LogRateLimit.PER_MINUTE);
            assertThat(log).doesNotContain("\tat ", "SEVERE", "Exception");
        }
    }
}
