package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static io.jivohub.support.TestEvents.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

import io.jivohub.support.RawHttp;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /metrics}, and the settings the benchmark compares: {@code --max-batch} and {@code --bench-baseline}. */
class MetricsTest {

    @Test
    void metricsCountOutcomesAndTimeBatchesCommitsAndRequests(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder)) {
            String url = hub.connection("Metrics", "chat_finished").get("url").asString();
            concurrently(20, () -> hub.post(url, chatFinished(1)));
            hub.post(url, chatFinished(2));
            hub.post(url, "{\"event_name\": \"chat_accepted\"}");
            hub.post(url, "not json");

            Response metrics = hub.get(hub.url("/metrics"));

            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            String text = metrics.text();
            assertThat(value(text, "jivohub_events_total{outcome=\"stored\",type=\"chat_finished\"}")).hasValue(2);
            assertThat(value(text, "jivohub_events_total{outcome=\"duplicate\",type=\"chat_finished\"}"))
                    .hasValue(19);
            assertThat(value(text, "jivohub_events_total{outcome=\"ignored\",type=\"chat_accepted\"}")).hasValue(1);
            assertThat(value(text, "jivohub_events_total{outcome=\"rejected\",type=\"unknown\"}")).hasValue(1);
            assertThat(value(text, "jivohub_writer_batch_size_sum")).hasValue(21);
            assertThat(value(text, "jivohub_writer_commit_seconds_count").orElseThrow()).isBetween(2.0, 21.0);
            assertThat(text).contains("jivohub_writer_commit_seconds_bucket", "jivohub_writer_queue ");
            // A request is timed once its answer is sent, so the last one may still be timing as /metrics answers.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(value(hub.get(hub.url("/metrics"))
                    .text(), "jivohub_http_requests_seconds_count{endpoint=\"webhook\",method=\"POST\","
                    + "status=\"200\"}")).hasValue(22));
            assertThat(text).doesNotContain(url.substring(url.lastIndexOf('/') + 1));
        }
    }

    @Test
    void everyEndpointHasItsOwnLabelAndNoPathAppears(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Labels", "all");
            hub.post(connection.get("url").asString(), chatFinished(1));
            hub.get(connection.get("data_url").asString());
            hub.get(hub.url("/jivo/admin/sign-in"));
            hub.get(hub.url("/jivo/admin/connections"));
            hub.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"nobody@example.com\"}");
            hub.get(hub.url("/health"));
            hub.get(hub.url("/metrics"));
            hub.get(hub.url("/favicon.ico"));

            String text = hub.get(hub.url("/metrics")).text();

            for (String series : List.of("endpoint=\"get_key\",method=\"POST\",status=\"201\"",
                    "endpoint=\"webhook\",method=\"POST\",status=\"200\"",
                    "endpoint=\"data\",method=\"GET\",status=\"200\"",
                    "endpoint=\"dashboard\",method=\"GET\",status=\"200\"",
                    "endpoint=\"admin\",method=\"GET\",status=\"200\"",
                    "endpoint=\"admin\",method=\"POST\",status=\"200\"",
                    "endpoint=\"health\",method=\"GET\",status=\"200\"",
                    "endpoint=\"metrics\",method=\"GET\",status=\"200\"",
                    "endpoint=\"other\",method=\"GET\",status=\"404\"")) {
                assertThat(value(text, "jivohub_http_requests_seconds_count{" + series + "}")).as(series).hasValue(1);
            }
            String dataUrl = connection.get("data_url").asString();
            assertThat(text).doesNotContain(dataUrl.substring(dataUrl.lastIndexOf('/') + 1), "/jivo/");
        }
    }

    /** Every label comes from a closed set: made-up methods must not each make a series (they did, to 433 MB). */
    /** A channel that goes silent can be alerted on: each active connection's last event age is in the scrape. */
    @Test
    void eachActiveConnectionsLastEventAgeIsExposed(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            hub.connection("Quiet", "all");
            JsonNode busy = hub.connection("Busy", "all");
            long quietId = idOf(hub, "Quiet");
            long busyId = idOf(hub, "Busy");
            hub.sql("UPDATE connections SET created_at = created_at - 90000000 WHERE id = " + quietId);
            assertThat(hub.post(busy.get("url").asString(), chatFinished(1)).status()).isEqualTo(200);

            String scrape = hub.get(hub.url("/metrics")).text();
            double quietAge = value(scrape, "jivohub_connection_last_event_age_seconds{connection=\"" + quietId + "\"}")
                    .orElseThrow();
            double busyAge = value(scrape, "jivohub_connection_last_event_age_seconds{connection=\"" + busyId + "\"}")
                    .orElseThrow();
            assertThat(quietAge).as("no event since it was made, 25 hours ago").isGreaterThan(86_400);
            assertThat(busyAge).isBetween(0.0, 60.0);

            hub.post(hub.url("/jivo/admin/connections/" + quietId + "/revoke"), "");
            assertThat(hub.get(hub.url("/metrics")).text()).as("a revoked connection is meant to be silent")
                    .doesNotContain("connection=\"" + quietId + "\"");
        }
    }

    @Test
    void madeUpMethodsDoNotGrowTheScrape(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder);
             RawHttp http = new RawHttp(hub.port())) {
            String url = hub.connection("Methods", "all").get("url").asString().substring(hub.url("").length());
            hub.post(hub.url(url), chatFinished(1));
            for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO")) {
                http.send(method + " " + url + " HTTP/1.1\r\nHost: localhost\r\n", new byte[0]).read(false);
            }
            int before = hub.get(hub.url("/metrics")).body().length;
            Random random = new Random(7);
            for (int i = 0; i < 10_000; i++) {
                String method = "M" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36).toUpperCase();
                RawHttp.Answer answer = http.send(method + " " + url + " HTTP/1.1\r\nHost: localhost\r\n",
                        new byte[0]).read(false);
                assertThat(answer.status()).as(method).isEqualTo(405);
            }
            String text = hub.get(hub.url("/metrics")).text();

            assertThat(text.length()).as("the scrape after 10,000 made-up methods").isLessThan(before + before / 10);
            assertThat(value(text, "jivohub_http_requests_seconds_count{endpoint=\"webhook\",method=\"other\","
                    + "status=\"405\"}").orElseThrow()).isGreaterThanOrEqualTo(10_000);
        }
    }

    @Test
    void maxBatchOneCommitsEveryEventOnItsOwn(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--max-batch", "1")) {
            JsonNode connection = hub.connection("One by one", "all");
            List<Response> responses = concurrently(20, () -> hub.post(connection.get("url").asString(),
                    chatFinished((int) (Math.random() * 1_000_000_000))));

            assertThat(responses).extracting(Response::status).containsOnly(200);
            String text = hub.get(hub.url("/metrics")).text();
            assertThat(value(text, "jivohub_writer_batch_size_max")).hasValue(1);
            assertThat(value(text, "jivohub_writer_batch_size_count")).hasValue(20);
        }
    }

    @Test
    void theBenchmarkBaselineAnswersLikeJivohubButStoresNothing(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--bench-baseline")) {
            JsonNode connection = hub.connection("Baseline", "all");

            Response response = hub.post(connection.get("url").asString(), chatFinished(1));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("data").get(0).get("chat_id").get(0).asString()).isEqualTo("1");
            assertThat(hub.allTables(connection.get("data_url").asString())).isEmpty();
        }
    }

    private static long idOf(TestHub hub, String accountName) {
        for (JsonNode connection : hub.get(hub.url("/jivo/admin/connections")).json().get("connections")) {
            if (connection.get("account_name").asString().equals(accountName)) {
                return connection.get("id").asLong();
            }
        }
        throw new AssertionError("no connection " + accountName);
    }

    private static OptionalDouble value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst();
    }
}
