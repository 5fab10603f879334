package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import io.jivohub.support.RawHttp;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A request whose body the server did not read: whatever the client sends after the answer must never be read as
 * the next request, so the connection closes.
 */
class UnreadBodyTest {

    @Test
    void aBodySentAfterA413IsNeverReadAsTheNextRequest(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--max-body-bytes", "1024")) {
            JsonNode connection = hub.connection("Unread", "all");
            String path = connection.get("url").asString().substring(hub.url("").length());
            byte[] smuggledEvent = chatFinished(666);
            byte[] smuggled = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                    + smuggledEvent.length + "\r\n\r\n" + new String(smuggledEvent, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);

            try (RawHttp http = new RawHttp(hub.port())) {
                RawHttp.Answer tooLarge = http.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 5000\r\n", new byte[0]).read(false);
                assertThat(tooLarge.status()).isEqualTo(413);
                assertThat(tooLarge.header("Connection")).isEqualTo("close");

                sendTheBodyAndExpectTheEnd(http, padded(smuggled, 5000));
            }
            try (RawHttp http = new RawHttp(hub.port())) {
                RawHttp.Answer unknownKey = http.send("POST /jivo/all/" + "0".repeat(64) + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Length: " + smuggled.length + "\r\n", new byte[0]).read(false);
                assertThat(unknownKey.status()).isEqualTo(404);
                assertThat(unknownKey.header("Connection")).as("a 404 before the body was read").isEqualTo("close");

                sendTheBodyAndExpectTheEnd(http, smuggled);
            }

            assertThat(hub.eventIds(connection.get("data_url").asString())).as("nothing stored").isEmpty();
        }
    }

    /** Sends the body the client meant to send: nothing may answer it as a request of its own. */
    private static void sendTheBodyAndExpectTheEnd(RawHttp http, byte[] body) throws IOException {
        try {
            http.send("", body);
            assertThat(http.isClosedByServer()).as("nothing answers the smuggled request").isTrue();
        } catch (SocketException closed) {
            // the server closed the connection before the client finished writing, or reset it: just as good
        }
    }

    /** {@code bytes} followed by spaces to {@code length}. */
    private static byte[] padded(byte[] bytes, int length) {
        byte[] padded = new byte[length];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        return padded;
    }
}
