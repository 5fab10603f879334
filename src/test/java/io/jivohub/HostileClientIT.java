package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.RawHttp;
import io.jivohub.support.Response;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The jar, as a user runs it, against a client that means it harm. */
class HostileClientIT {
    private static final String TOKEN = "hostile-client-admin-token-0123";
    /** What Helidon logs when its listener stops for good. */
    private static final String LISTENER_DIED = "this server socket is terminating";

    /**
     * Connections until the process runs out of file descriptors once left a live process without its port. Now
     * connections are bounded well below the limit (the excess answered 503 and closed at once), and the port
     * serves again once the flood ends.
     */
    @Test
    void aFloodOfConnectionsCannotTakeThePortAway(@TempDir Path folder) throws Exception {
        List<String> lowLimit = List.of("sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"");
        try (JarRun run = JarRun.start(lowLimit, folder, Map.of("JIVOHUB_ADMIN_TOKEN", TOKEN), "--port", "0")) {
            String base = run.baseUrl();
            int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
            String url = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Flood\", \"event_name\": \"all\"}",
                    "Authorization", "Bearer " + TOKEN).json().get("url").asString();
            List<Socket> flood = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < 400; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("localhost", port), 2000);
                    flood.add(socket);
                }
                for (Socket socket : flood.subList(200, 400)) {
                    socket.setSoTimeout(200);
                    try {
                        if (new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                                .equals("HTTP/1.1 503")) {
                            refused++;
                        }
                    } catch (java.net.SocketTimeoutException waiting) {
                        // not accepted yet: waits in the kernel's queue, taking none of jivohub's descriptors
                    } catch (java.io.IOException reset) {
                        // closed without an answer
                    }
                }
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
            }

            assertThat(refused).as("connections past the bound answered 503 at once").isPositive();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> Http.post(url, TestEvents.chatFinished(1)).status() == 200);
            assertThat(run.output()).doesNotContain(LISTENER_DIED, "Too many open files");
        }
    }

    /**
     * The safety net: should the listener die all the same (here: a bound set above what the open-files limit
     * allows), the process does not live on without its port, it exits 1 for its supervisor to start it again.
     */
    @Test
    void aProcessWhoseListenerDiedExitsForItsSupervisor(@TempDir Path folder) throws Exception {
        List<String> lowLimit = List.of("sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"");
        try (JarRun run = JarRun.start(lowLimit, folder, Map.of("JIVOHUB_ADMIN_TOKEN", TOKEN), "--port", "0",
                "--max-connections", "1000")) {
            String base = run.baseUrl();
            int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
            List<Socket> flood = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            // The flood stays open until the listener has given up: connections the process has not accepted yet
            // wait in the kernel's queue, and closed too early (a busy machine accepting slowly) they would free the
            // descriptors before the process ran out of them. A connect that fails meanwhile (a full queue) is tried
            // again.
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            try {
                while (run.process().isAlive() && !run.output().contains(LISTENER_DIED)
                        && System.nanoTime() < deadline) {
                    Socket socket = new Socket();
                    try {
                        socket.connect(new InetSocketAddress("localhost", port), 2000);
                        flood.add(socket);
                    } catch (java.io.IOException e) {
                        socket.close();
                        failures.add(e.toString());
                    }
                }
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
            }

            int exitCode;
            try {
                exitCode = run.exitCode();
            } catch (AssertionError e) {
                throw new AssertionError("after " + flood.size() + " connections and these failed connects: "
                        + failures.stream().distinct().toList() + "\n" + e.getMessage(), e);
            }
            assertThat(exitCode).isEqualTo(1);
            assertThat(run.output()).contains("the HTTP listener on port " + port + " is gone");
        }
    }

    /**
     * A page once rendered every column of its table for every row: 1,000 events with 100 field names of their own
     * each (1.2 MB stored) made a 501 MB page, and at -Xmx512m a reader got an OutOfMemoryError. JSON pages now end
     * early at a bound of rendered cells; a CSV's columns stop at 1,000 per type (the rest go to one more column),
     * and the cursor still sees every event once.
     */
    @Test
    void sparseEventsCannotMakeAPageTooLargeForMemory(@TempDir Path folder) throws Exception {
        try (JarRun run = JarRun.start(folder, Map.of("JIVOHUB_ADMIN_TOKEN", TOKEN), List.of("-Xmx256m"),
                "--port", "0")) {
            String base = run.baseUrl();
            JsonNode connection = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Sparse\", \"event_name\": "
                    + "\"all\"}", "Authorization", "Bearer " + TOKEN).json();
            String url = connection.get("url").asString();
            String dataUrl = connection.get("data_url").asString();
            TestEvents.concurrently(8, () -> {
                for (int n = next.getAndIncrement(); n < 1000; n = next.getAndIncrement()) {
                    StringBuilder body = new StringBuilder("{\"event_name\": \"chat_updated\", \"chat_id\": " + n);
                    for (int field = 0; field < 100; field++) {
                        body.append(", \"f").append(n).append('_').append(field).append("\": ").append(field);
                    }
                    assertThat(Http.post(url, body.append('}').toString()).status()).isEqualTo(200);
                }
                return null;
            });

            List<List<Long>> read = TestEvents.concurrently(4, () -> TestHub.readAll(dataUrl).stream()
                    .flatMap(table -> java.util.stream.StreamSupport.stream(table.get("event_id").spliterator(), false))
                    .map(JsonNode::asLong).toList());
            List<Long> csvIds = readCsv(dataUrl + "?format=csv&event_name=chat_updated");

            for (List<Long> ids : read) {
                assertThat(ids).as("a reader's event ids").hasSize(1000).doesNotHaveDuplicates();
            }
            assertThat(csvIds).as("the CSV reader's event ids").hasSize(1000).doesNotHaveDuplicates();
            assertThat(Http.get(base + "/health").status()).isEqualTo(200);
            assertThat(run.output()).doesNotContain("OutOfMemoryError", "SEVERE");
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    /** Every event id of a CSV export, following X-Next-After; each page is at most a few megabytes. */
    private static List<Long> readCsv(String url) {
        List<Long> ids = new java.util.ArrayList<>();
        String after = "0";
        while (after != null) {
            Response page = Http.get(url + "&after=" + after);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.body().length).as("a CSV page's size").isLessThan(32 << 20);
            page.text().lines().skip(1).forEach(line -> ids.add(Long.parseLong(line.substring(0, line.indexOf(',')))));
            after = page.header("X-Next-After");
        }
        return ids;
    }

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
