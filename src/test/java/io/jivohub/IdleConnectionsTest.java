package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jivohub.json.Json;
import io.jivohub.support.RawHttp;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Connections that go --idle-timeout without a request starting or ending, or a piece of an answer going out, are
 * closed, so they cannot pile up; a client still reading a long answer keeps its connection.
 */
class IdleConnectionsTest {

    @Test
    void silentKeptAliveAndTricklingConnectionsAreClosedAfterTheIdleTimeout(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--idle-timeout", "5");
             Socket silent = new Socket("localhost", hub.port());
             Socket trickling = new Socket("localhost", hub.port());
             RawHttp kept = new RawHttp(hub.port())) {
            assertThat(kept.send("GET /health HTTP/1.1\r\nHost: localhost\r\n", new byte[0]).read(false).status())
                    .isEqualTo(200);
            Instant start = Instant.now();
            Thread trickler = Thread.ofVirtual().start(() -> trickle(trickling));
            silent.setSoTimeout(30_000);
            trickling.setSoTimeout(30_000);

            assertThat(silent.getInputStream().read()).as("the silent connection is closed").isEqualTo(-1);
            assertThat(kept.isClosedByServer()).as("the kept-alive one too, once idle").isTrue();
            assertThat(endOf(trickling.getInputStream())).as("and the one sending a header byte a second").isTrue();
            assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(25));
            trickler.join();
        }
    }

    @Test
    void aClientReadingALongAnswerKeepsItsConnectionPastTheIdleTimeout(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--idle-timeout", "5")) {
            JsonNode connection = hub.connection("Slow reader", "chat_finished");
            String message = "ж".repeat(50_000);
            for (int event = 0; event < 78; event++) {
                assertThat(hub.post(connection.get("url").asString(),
                        "{\"chat_id\": " + event + ", \"message\": \"" + message + "\"}").status()).isEqualTo(200);
            }
            String dataPath = java.net.URI.create(connection.get("data_url").asString()).getRawPath();

            try (Socket slow = new Socket()) {
                slow.setReceiveBufferSize(65536);
                slow.setSoTimeout(10_000);
                slow.connect(new InetSocketAddress("localhost", hub.port()));
                OutputStream out = slow.getOutputStream();
                out.write(("GET " + dataPath + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Instant start = Instant.now();
                byte[] answer = readSlowly(slow.getInputStream());

                assertThat(Duration.between(start, Instant.now())).as("the answer took longer than the idle timeout")
                        .isGreaterThan(Duration.ofSeconds(6));
                JsonNode data = Json.MAPPER.readTree(answer);
                assertThat(data.get("data").get(0).get("message")).as("every event, whole").hasSize(78);
            }
        }
    }

    /** Sends a request line, then a header one byte a second, never ending it, until the server closes. */
    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            for (int second = 0; second < 60; second++) {
                out.write('a');
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException closed) {
            // the server closed the connection
        }
    }

    /** Whether the stream ends (or is reset) before any byte arrives. */
    private static boolean endOf(InputStream in) {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads an answer's body, about 500 KB a second, as a client on a slow line would. */
    private static byte[] readSlowly(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[6000];
        int bodyStart = -1;
        long length = Long.MAX_VALUE;
        for (int read; all.size() < length && (read = in.read(chunk)) != -1; ) {
            all.write(chunk, 0, read);
            String text = bodyStart < 0 ? all.toString(StandardCharsets.ISO_8859_1) : "";
            if (text.contains("\r\n\r\n")) {
                bodyStart = text.indexOf("\r\n\r\n") + 4;
                Matcher declared = Pattern.compile("(?i)content-length: (\\d+)").matcher(text.substring(0, bodyStart));
                assertThat(declared.find()).as(text.substring(0, bodyStart)).isTrue();
                length = bodyStart + Long.parseLong(declared.group(1));
            }
            Thread.sleep(12);
        }
        assertThat((long) all.size()).as("the whole answer arrived").isEqualTo(length);
        return Arrays.copyOfRange(all.toByteArray(), bodyStart, all.size());
    }
}
