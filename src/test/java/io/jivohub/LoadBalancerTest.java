package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The nginx example of the README ({@code docs/nginx/jivohub.conf}) in front of two instances on one PostgreSQL
 * database: everything works through it, both instances take traffic, and losing one loses nothing.
 */
class LoadBalancerTest {
    private static final String TOKEN = "load-balancer-admin-token";

    @Test
    void theNginxExampleSpreadsTheLoadAndSurvivesLosingAnInstance(@TempDir Path folder) throws Exception {
        assumeTrue(nginx() != null, "nginx is installed (.ci/run installs it)");
        int port = freePort();
        String publicUrl = "http://localhost:" + port;
        String db = TestPostgres.newDatabase();
        TestHub first = TestHub.start(db, "--admin-token", TOKEN, "--public-url", publicUrl,
                "--client-ip-header", "x-real-ip");
        TestHub second = TestHub.start(db, "--admin-token", TOKEN, "--public-url", publicUrl,
                "--client-ip-header", "x-real-ip");
        Process nginx = startNginx(folder, port, first.port(), second.port());
        try {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> Http.get(publicUrl + "/health").status() == 200);

            Response refused = Http.post(publicUrl + "/jivo/get_key",
                    "{\"account_name\": \"Behind nginx\", \"event_name\": \"all\"}");
            Response getKey = Http.post(publicUrl + "/jivo/get_key",
                    "{\"account_name\": \"Behind nginx\", \"event_name\": \"all\"}",
                    "Authorization", "Bearer " + TOKEN);
            assertThat(refused.status()).as("no token, no connection").isEqualTo(401);
            assertThat(getKey.status()).isEqualTo(201);
            JsonNode connection = getKey.json();
            assertThat(connection.get("url").asString()).startsWith(publicUrl + "/jivo/all/");

            // nginx may set an instance aside for a moment while both start; round robin then resumes.
            AtomicInteger sent = new AtomicInteger();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(Http.post(connection.get("url").asString(), chatFinished(sent.getAndIncrement())).status())
                        .isEqualTo(200);
                assertThat(stored(first)).as("events stored by the first instance").isPositive();
                assertThat(stored(second)).as("events stored by the second instance").isPositive();
            });

            second.close();
            for (int i = 0; i < 10; i++) {
                assertThat(Http.post(connection.get("url").asString(), chatFinished(sent.getAndIncrement())).status())
                        .isEqualTo(200);
            }
            JsonNode page = Http.get(connection.get("data_url").asString()).json();
            assertThat(page.get("data").get(0).get("event_id")).hasSize(sent.get());

            // nginx's own errors name the request line, key and all: a body over its limit, an instance down
            Response tooLarge = Http.post(connection.get("url").asString(), new byte[10 << 20]);
            assertThat(tooLarge.status()).isEqualTo(413);
            String key = connection.get("key").asString();
            String dataKey = connection.get("data_url").asString().substring(connection.get("data_url").asString()
                    .lastIndexOf('/') + 1);
            // nginx logs a request once it is done with it, which for the 413 is after its answer
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readString(folder.resolve("jivohub.access.log")))
                            .as("the failures show in the access log").contains("POST 413", "502, 200"));
            try (var logs = Files.list(folder)) {
                for (Path log : logs.filter(file -> file.toString().endsWith(".log")).toList()) {
                    assertThat(Files.readString(log)).as(log.getFileName().toString()).doesNotContain(key, dataKey);
                }
            }
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
            first.close();
            second.close();
        }
    }

    private static String nginx() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs the documented server block, pointed at the test's ports, in a throw-away nginx. */
    private static Process startNginx(Path folder, int port, int firstPort, int secondPort) throws IOException {
        String example = Files.readString(Path.of("docs/nginx/jivohub.conf"))
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("127.0.0.1:8081", "127.0.0.1:" + firstPort)
                .replace("127.0.0.1:8082", "127.0.0.1:" + secondPort)
                .replace("/var/log/nginx/", folder + "/");
        Files.writeString(folder.resolve("jivohub.conf"), example);
        Files.writeString(folder.resolve("nginx.conf"), """
                user root;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/jivohub.conf;
                }
                """.formatted(folder));
        return new ProcessBuilder(nginx(), "-p", folder.toString(), "-c", folder.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("nginx.out").toFile())
                .start();
    }

    private static double stored(TestHub hub) {
        String series = "jivohub_events_total{outcome=\"stored\",type=\"chat_finished\"} ";
        return hub.get(hub.url("/metrics")).text().lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()))).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
