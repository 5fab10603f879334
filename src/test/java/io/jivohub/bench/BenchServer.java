package io.jivohub.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import tools.jackson.databind.JsonNode;

/**
 * A jivohub under test: its own process from target/jivohub.jar, started as a user starts it ({@link JarRun}) on a
 * port of its choosing. Closing it stops it with SIGTERM and waits until it has exited, so that the next server
 * measured has the cores to itself.
 */
final class BenchServer implements AutoCloseable {
    /** The paths of a connection's URLs: the same on every server started on the same store. */
    record ConnectionPaths(String webhook, String data) {
    }

    private final JarRun run;
    private final String baseUrl;

    private BenchServer(JarRun run, String baseUrl) {
        this.run = run;
        this.baseUrl = baseUrl;
    }

    /** Starts a server on the store {@code db} with jivohub's {@code flags}; returns when /health answers 200. */
    static BenchServer start(WorkFolder work, String db, List<String> flags) throws IOException {
        return start(work, db, flags, List.of());
    }

    /** The same with {@code jvmOptions} for its JVM, such as {@code -Xmx256m}. */
    static BenchServer start(WorkFolder work, String db, List<String> flags, List<String> jvmOptions)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--db", db, "--admin-token", TestHub.TOKEN));
        args.addAll(flags);
        JarRun run = JarRun.start(work.path(), Map.of(), jvmOptions, args.toArray(String[]::new));
        BenchServer server = new BenchServer(run, run.baseUrl());
        // The start-up time is measured up to here: look often.
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(server::healthy);
        return server;
    }

    /** Whether /health answers 200. */
    boolean healthy() {
        try {
            return Http.get(baseUrl + "/health").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** A full URL on this server, from a path of {@link ConnectionPaths}. */
    String url(String path) {
        return baseUrl + path;
    }

    /** Connects {@code account} for every event type through get_key. */
    ConnectionPaths connect(String account) {
        String request = Json.MAPPER.writeValueAsString(Map.of("account_name", account, "event_name", "all"));
        Response answer = Http.post(baseUrl + "/jivo/get_key", request, "Authorization", "Bearer " + TestHub.TOKEN);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("get_key answered " + answer.status() + ": " + answer.text());
        }
        JsonNode connection = answer.json();
        return new ConnectionPaths(path(connection, "url"), path(connection, "data_url"));
    }

    /** Connects {@code account} and returns the URL its webhooks are posted to. */
    String webhookUrl(String account) {
        return url(connect(account).webhook());
    }

    /** Waits until the Jivo tables are built (a build runs at start-up on a store filled from outside). */
    void awaitTablesBuilt(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> Http.get(baseUrl
                + "/jivo/admin/tables", "Authorization", "Bearer " + TestHub.TOKEN).json().get("ready").asBoolean());
    }

    /** Starts building the Jivo tables anew ({@code POST /jivo/admin/rebuild}). */
    void rebuildTables() {
        Response started = Http.post(baseUrl + "/jivo/admin/rebuild", "", "Authorization", "Bearer " + TestHub.TOKEN);
        if (started.status() != 202) {
            throw new IllegalStateException("rebuild answered " + started.status() + ": " + started.text());
        }
    }

    /**
     * The histogram of {@code jivohub_tables_lag_seconds} so far (from an event's receipt to its fold's commit):
     * each bucket's upper bound in seconds and how many events were folded within it, cumulative.
     */
    double[][] tablesLagBuckets() {
        List<double[]> buckets = new ArrayList<>();
        for (String line : Http.get(baseUrl + "/metrics").text().split("\n")) {
            if (line.startsWith("jivohub_tables_lag_seconds_bucket{le=\"") && !line.contains("+Inf")) {
                int quote = line.indexOf('"') + 1;
                buckets.add(new double[] {Double.parseDouble(line.substring(quote, line.indexOf('"', quote))),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))});
            }
        }
        return buckets.toArray(double[][]::new);
    }

    /**
     * The 99th percentile lag of the events folded between two looks at {@link #tablesLagBuckets}, in
     * milliseconds: the upper bound of the bucket it falls in.
     */
    static double lagP99Millis(double[][] before, double[][] after) {
        double total = after.length == 0 ? 0 : after[after.length - 1][1] - count(before, after.length - 1);
        for (int b = 0; b < after.length; b++) {
            if (after[b][1] - count(before, b) >= 0.99 * total) {
                return after[b][0] * 1000;
            }
        }
        return Double.NaN;
    }

    private static double count(double[][] buckets, int bucket) {
        return bucket < buckets.length ? buckets[bucket][1] : 0;
    }

    /** Its resident memory in KiB, as the kernel counts it. */
    long rssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/" + run.process().pid() + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
    }

    @Override
    public void close() {
        try {
            run.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run.close();
        }
    }

    private static String path(JsonNode connection, String field) {
        return URI.create(connection.required(field).asString()).getRawPath();
    }
}
