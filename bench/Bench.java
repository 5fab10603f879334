import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * jivohub's benchmark: one run, every figure side by side, printed as a Markdown table.
 *
 * <p>Run it with {@code ./dev bench} (see bench/README.md); {@code --quick} checks that it works in a minute,
 * {@code --only startup,throughput,latency,read} runs some sections. It starts each server as its own process from
 * {@code target/jivohub.jar} with the same JVM flags, drives it with wrk (or, without wrk, a Java load generator on
 * virtual threads) with unique ~2 KB Jivo payloads, and stops it before the next one starts.
 *
 * <p>A single source file on purpose: the JDK runs it directly ({@code java Bench.java}) with the jar and the test
 * dependencies on the class path, so the benchmark needs no build of its own.
 */
public final class Bench {
    private static final Path JAR = Path.of("target/jivohub.jar").toAbsolutePath();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Process> CHILDREN = new ArrayList<>();
    private static final boolean WRK = Files.isExecutable(Path.of("/usr/bin/wrk"));

    /** How long each measurement runs; {@code --quick} shortens everything to check that the benchmark works. */
    private record Plan(Duration warmup, Duration measure, int storedEvents, int startups) {
        static Plan of(boolean quick) {
            return quick ? new Plan(Duration.ofSeconds(1), Duration.ofSeconds(3), 20_000, 1)
                    : new Plan(Duration.ofSeconds(5), Duration.ofSeconds(15), 1_000_000, 3);
        }
    }

    /** One throughput or latency measurement. */
    private record Load(double eventsPerSecond, double p50Millis, double p99Millis, long failures) {
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.of(List.of(args).contains("--quick"));
        Path work = Files.createTempDirectory("jivohub-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CHILDREN.forEach(Process::destroyForcibly);
            try {
                if (Files.exists(work)) {
                    delete(work);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + work + ": " + e.getMessage());
            }
        }));
        Report report = new Report();
        report.line("load generator: " + (WRK ? "wrk" : "Java (virtual threads; install wrk for lighter load)"));

        List<String> only = List.of(args).contains("--only")
                ? List.of(args[List.of(args).indexOf("--only") + 1].split(","))
                : List.of("startup", "throughput", "latency", "read");
        if (only.contains("startup")) {
            startUp(plan, work, report);
        }
        if (only.contains("throughput")) {
            throughput(plan, work, report);
        }
        if (only.contains("latency")) {
            fixedRate(plan, work, report);
        }
        if (only.contains("read")) {
            fullRead(plan, work, report);
        }

        report.print();
        delete(work);
        System.exit(report.missed() ? 1 : 0);
    }

    // ---------------------------------------------------------------- start-up and idle memory

    private static void startUp(Plan plan, Path work, Report report) throws Exception {
        List<Long> millis = new ArrayList<>();
        long rssKib = 0;
        for (int i = 0; i < plan.startups(); i++) {
            long start = System.nanoTime();
            try (Server server = Server.start("startup-" + i, work, "jdbc:sqlite:" + work.resolve("startup-" + i + ".db"),
                    List.of())) {
                millis.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(2000);
                rssKib = server.rssKib();
            }
        }
        millis.sort(null);
        long median = millis.get(millis.size() / 2);
        report.section("Start-up and memory");
        report.targets();
        report.check(String.format("| start-up to a healthy /health (median of %d) | %d ms | ≤ 1500 ms |",
                millis.size(), median), median <= 1500);
        report.info(String.format("| idle RSS 2 s after start-up (SQLite) | %d MiB | reported |", rssKib / 1024));
    }

    // ---------------------------------------------------------------- throughput at 64 and 256 connections

    private static void throughput(Plan plan, Path work, Report report) throws Exception {
        Map<String, List<String>> targets = new java.util.LinkedHashMap<>();
        targets.put("baseline (no storage)", List.of("--bench-baseline"));
        targets.put("SQLite, group commit", List.of());
        targets.put("SQLite, naive (a transaction per event)", List.of("--max-batch", "1"));
        targets.put("PostgreSQL, group commit", List.of());
        Map<String, Map<Integer, Load>> results = new java.util.LinkedHashMap<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            for (var target : targets.entrySet()) {
                String db = target.getKey().startsWith("PostgreSQL")
                        ? newPostgresDatabase(postgres, "bench_throughput")
                        : "jdbc:sqlite:" + work.resolve(slug(target.getKey()) + ".db");
                try (Server server = Server.start(slug(target.getKey()), work, db, target.getValue())) {
                    String url = server.webhookUrl("throughput");
                    Map<Integer, Load> byConnections = new java.util.LinkedHashMap<>();
                    for (int connections : List.of(64, 256)) {
                        closedLoop(url, connections, plan.warmup());
                        byConnections.put(connections, closedLoop(url, connections, plan.measure()));
                    }
                    results.put(target.getKey(), byConnections);
                }
            }
        }
        Map<Integer, Load> baseline = results.get("baseline (no storage)");
        report.section("Ingest throughput (closed loop, unique ~2 KB bodies)");
        report.row("| server | connections | events/s | p50 ms | p99 ms | vs baseline | failures |",
                "|---|---|---|---|---|---|---|");
        for (var result : results.entrySet()) {
            for (var load : result.getValue().entrySet()) {
                Load l = load.getValue();
                report.row(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %.2f | %d |",
                        result.getKey(), load.getKey(), l.eventsPerSecond(), l.p50Millis(), l.p99Millis(),
                        l.eventsPerSecond() / baseline.get(load.getKey()).eventsPerSecond(), l.failures()));
            }
        }
        Load durable = results.get("SQLite, group commit").get(64);
        Load naive = results.get("SQLite, naive (a transaction per event)").get(64);
        double vsBaseline = durable.eventsPerSecond() / baseline.get(64).eventsPerSecond();
        double vsNaive = durable.eventsPerSecond() / naive.eventsPerSecond();
        report.line("");
        report.targets();
        report.check(String.format(Locale.ROOT, "| durable SQLite / baseline, 64 connections | %.2f | ≥ 0.50 |",
                vsBaseline),
                vsBaseline >= 0.5);
        report.check(String.format(Locale.ROOT, "| durable SQLite / naive, 64 connections | %.1f× | ≥ 4× |", vsNaive),
                vsNaive >= 4);
        long failures = results.values().stream().flatMap(m -> m.values().stream()).mapToLong(Load::failures).sum();
        report.check("| requests that failed (non-2xx or errors), all runs | " + failures + " | 0 |", failures == 0);
    }

    // ---------------------------------------------------------------- latency at a fixed 1,000 events/s

    private static void fixedRate(Plan plan, Path work, Report report) throws Exception {
        Load baseline;
        Load durable;
        try (Server server = Server.start("rate-baseline", work, "jdbc:sqlite:" + work.resolve("rate-baseline.db"),
                List.of("--bench-baseline"))) {
            String url = server.webhookUrl("rate");
            openLoop(url, 1000, plan.warmup());
            baseline = openLoop(url, 1000, plan.measure());
        }
        try (Server server = Server.start("rate-sqlite", work, "jdbc:sqlite:" + work.resolve("rate-sqlite.db"),
                List.of())) {
            String url = server.webhookUrl("rate");
            openLoop(url, 1000, plan.warmup());
            durable = openLoop(url, 1000, plan.measure());
        }
        report.section("Latency at 1,000 events/s offered (open loop: measured from the intended send time)");
        report.row("| server | events/s | p50 ms | p99 ms | failures |", "|---|---|---|---|---|");
        Map<String, Load> rows = new java.util.LinkedHashMap<>();
        rows.put("baseline (no storage)", baseline);
        rows.put("SQLite, group commit", durable);
        for (var row : rows.entrySet()) {
            Load l = row.getValue();
            report.row(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d |", row.getKey(),
                    l.eventsPerSecond(), l.p50Millis(), l.p99Millis(), l.failures()));
        }
        double extra = durable.p99Millis() - baseline.p99Millis();
        report.line("");
        report.targets();
        report.check(String.format(Locale.ROOT, "| durable p99 above the baseline's | %+.2f ms | ≤ +3 ms |", extra),
                extra <= 3 && durable.failures() == 0);
    }

    // ---------------------------------------------------------------- reading a large store

    private static void fullRead(Plan plan, Path work, Report report) throws Exception {
        Path file = work.resolve("read.db");
        String db = "jdbc:sqlite:" + file;
        String dataUrl;
        try (Server server = Server.start("read-setup", work, db, List.of())) {
            dataUrl = server.connection("read").dataUrl();
        }
        long prefill = System.nanoTime();
        prefill(db, plan.storedEvents());
        double prefillSeconds = (System.nanoTime() - prefill) / 1e9;

        try (Server server = Server.start("read", work, db, List.of(), "-Xmx256m")) {
            String url = dataUrl.replaceFirst("localhost:\\d+", "localhost:" + server.port());
            String ingest = server.webhookUrl("ingest-during-read");
            closedLoop(ingest, 64, plan.warmup());
            Load alone = closedLoop(ingest, 64, plan.measure());

            long start = System.nanoTime();
            long rows = readAll(url);
            double seconds = (System.nanoTime() - start) / 1e9;

            // Ingest for most of the time a read takes alone, so that the read (slower now) surely overlaps it all.
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> readAll(url));
            Load during = closedLoop(ingest, 64, Duration.ofSeconds(Math.max(2, (long) (seconds * 0.8))));
            boolean readStillRunning = !reading.isDone();
            long rowsAgain = reading.join();
            boolean alive = server.healthy();

            report.section(String.format(Locale.ROOT,
                    "Reading %,d stored events through data_url, server at -Xmx256m (prefilled in %.0f s)",
                    plan.storedEvents(), prefillSeconds));
            report.targets();
            report.check(String.format(Locale.ROOT, "| rows read, then read again during ingest | %,d / %,d | all |",
                    rows, rowsAgain), rows == plan.storedEvents() && rowsAgain >= plan.storedEvents());
            report.check(String.format(Locale.ROOT, "| read speed | %,.0f rows/s | ≥ 100,000 rows/s |",
                    rows / seconds), rows / seconds >= 100_000);
            report.check("| server healthy afterwards (no OutOfMemoryError) | " + alive + " | true |", alive);
            double kept = during.eventsPerSecond() / alone.eventsPerSecond();
            report.info(String.format(Locale.ROOT, "| ingest alone, 64 connections | %,.0f events/s | |",
                    alone.eventsPerSecond()));
            report.info(String.format(Locale.ROOT, "| ingest during the full read%s | %,.0f events/s | |",
                    readStillRunning ? "" : " (the read ended first)", during.eventsPerSecond()));
            report.check(String.format(Locale.ROOT, "| ingest kept during the read | %.0f%% | ≥ 70%% |", kept * 100),
                    kept >= 0.7);
        }
    }

    /** Stores {@code count} unique events straight into the database, as if they had been posted. */
    private static void prefill(String db, int count) throws Exception {
        try (Connection connection = DriverManager.getConnection(db);
             Statement settings = connection.createStatement()) {
            settings.execute("PRAGMA synchronous = OFF");
            connection.setAutoCommit(false);
            long connectionId;
            try (ResultSet row = settings.executeQuery("SELECT id FROM connections")) {
                row.next();
                connectionId = row.getLong(1);
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO events (connection_id, event_name, received_at, chat_id, body_hash, body)
                    VALUES (?, 'chat_accepted', ?, ?, ?, ?)""")) {
                for (int i = 0; i < count; i++) {
                    byte[] body = Payload.body(-1, i);
                    insert.setLong(1, connectionId);
                    insert.setLong(2, now);
                    insert.setString(3, String.valueOf(i));
                    insert.setBytes(4, sha256.digest(body));
                    insert.setBytes(5, body);
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    /**
     * Follows next_after from the start to the end with the largest page; returns the rows read. It reads every
     * byte but only counts: it looks for each table's opening {@code {"event_id":[} (a quote inside a value is
     * always escaped, so the sequence cannot occur there) and counts the ids up to {@code ]}. A BI tool would sit
     * on another machine; this keeps the reader from taking the CPU the server is measured on.
     */
    private static long readAll(String dataUrl) {
        byte[] tableStart = "{\"event_id\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] nextAfter = "\"next_after\":".getBytes(StandardCharsets.US_ASCII);
        long rows = 0;
        String after = "0";
        while (after != null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(dataUrl + "?limit=10000&after=" + after)).build();
            byte[] page;
            try {
                HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("data_url answered " + response.statusCode());
                }
                page = response.body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            for (int at = indexOf(page, tableStart, 0); at >= 0; at = indexOf(page, tableStart, at)) {
                at += tableStart.length;
                if (page[at] != ']') {
                    rows++;
                }
                for (; page[at] != ']'; at++) {
                    if (page[at] == ',') {
                        rows++;
                    }
                }
            }
            int next = lastIndexOf(page, nextAfter) + nextAfter.length;
            String value = new String(page, next, page.length - 1 - next, StandardCharsets.US_ASCII);
            after = value.equals("null") ? null : value;
        }
        return rows;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte[] part) {
        int last = -1;
        for (int at = indexOf(bytes, part, 0); at >= 0; at = indexOf(bytes, part, at + 1)) {
            last = at;
        }
        return last;
    }

    // ---------------------------------------------------------------- load generators

    /** {@code connections} clients posting back to back for {@code duration}. */
    private static Load closedLoop(String url, int connections, Duration duration) throws Exception {
        return WRK ? Wrk.run(url, connections, duration) : javaClosedLoop(url, connections, duration);
    }

    private static Load javaClosedLoop(String url, int connections, Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long run = ThreadLocalRandom.current().nextInt(1, 1_000_000);
        long end = System.nanoTime() + duration.toNanos();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                long clientId = run * 1000 + c;
                clients.submit(() -> {
                    for (long i = 0; System.nanoTime() < end; i++) {
                        long sent = System.nanoTime();
                        if (!post(client, url, Payload.body(clientId, i))) {
                            failures.incrementAndGet();
                        }
                        latencies.recordValue((System.nanoTime() - sent) / 1000);
                    }
                    return null;
                });
            }
        }
        return load(latencies.getIntervalHistogram(), System.nanoTime() - start, failures.get());
    }

    /** Posts at {@code rate} per second on schedule, each on its own virtual thread, however slow the answers. */
    private static Load openLoop(String url, int rate, Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long run = ThreadLocalRandom.current().nextInt(1, 1_000_000);
        long interval = 1_000_000_000L / rate;
        long count = duration.toSeconds() * rate;
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < count; i++) {
                long intended = start + i * interval;
                LockSupport.parkNanos(intended - System.nanoTime());
                long n = i;
                senders.submit(() -> {
                    if (!post(client, url, Payload.body(run, n))) {
                        failures.incrementAndGet();
                    }
                    latencies.recordValue((System.nanoTime() - intended) / 1000);
                    return null;
                });
            }
        }
        return load(latencies.getIntervalHistogram(), System.nanoTime() - start, failures.get());
    }

    private static boolean post(HttpClient client, String url, byte[] body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Load load(Histogram micros, long nanos, long failures) {
        return new Load(micros.getTotalCount() / (nanos / 1e9), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, failures);
    }

    /** wrk with a Lua script that makes every body unique (no shortcut through retry detection). */
    private static final class Wrk {
        private static final Pattern RESULT = Pattern.compile(
                "BENCH requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) failures=(\\d+)");

        static Load run(String url, int connections, Duration duration) throws Exception {
            Path script = Files.createTempFile("jivohub-bench", ".lua");
            Files.writeString(script, script(ThreadLocalRandom.current().nextInt(1, 1_000_000)));
            Process wrk = new ProcessBuilder("wrk", "-t", "2", "-c", String.valueOf(connections),
                    "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url)
                    .redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            Files.delete(script);
            Matcher result = RESULT.matcher(output);
            if (!result.find()) {
                throw new IllegalStateException("wrk said:\n" + output);
            }
            long requests = Long.parseLong(result.group(1));
            return new Load(requests / (Long.parseLong(result.group(2)) / 1e6),
                    Long.parseLong(result.group(3)) / 1000.0, Long.parseLong(result.group(4)) / 1000.0,
                    Long.parseLong(result.group(5)));
        }

        private static String script(int run) {
            String template = Payload.TEMPLATE.replace("%", "%%").replace("{client}", "%d").replace("{n}", "%d");
            return """
                    local threads = 0
                    function setup(thread)
                      threads = threads + 1
                      thread:set("client", %d * 100 + threads)
                    end
                    local n = 0
                    local template = [==[%s]==]
                    request = function()
                      n = n + 1
                      return wrk.format("POST", nil, nil, string.format(template, client, n, client, n))
                    end
                    function done(summary, latency, requests)
                      local failures = summary.errors.connect + summary.errors.read + summary.errors.write
                        + summary.errors.status + summary.errors.timeout
                      io.write(string.format("BENCH requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d failures=%%d\\n",
                        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), failures))
                    end
                    """.formatted(run, template);
        }
    }

    /** A chat_accepted as Jivo documents it, about 2 KB, made unique by a client number and a sequence number. */
    private static final class Payload {
        static final String TEMPLATE = """
                {"event_name":"chat_accepted","widget_id":"3948","user_token":null,\
                "visitor":{"name":"Посетитель {client}-{n}","email":"visitor@example.com","phone":"+14084987855",\
                "description":"Описание клиента, оставленное в форме чата: интересуется доставкой в пункт выдачи, \
просит перезвонить после шести вечера, предпочитает оплату картой при получении заказа","number":"2198","social":{},"chats_count":1},\
                "organization":{"id":"1","name":"Company name"},"status":{"id":"4","title":"contact_later"},\
                "assigned_agent":{"id":1,"email":"agent1@gmail.com","name":"Agent"},\
                "tags":[{"id":"17","title":"Tag example"}],"chat_id":{client}{n},\
                "topic":{"topic_id":3,"title":"Topic_1","parent_id":1},"department":{"id":281,"name":"Sales"},\
                "session":{"geoip":{"region_code":"CA","country":"United States","country_code":"US",\
                "region":"California","city":"San Francisco","latitude":"37.7898","longitude":"-122.3942",\
                "organization":"Wikimedia Foundation"},\
                "utm":"source=google|medium=cpc|content=banner|campaign=campaign_name",\
                "utm_json":{"source":"google","campaign":"campaign_name","content":"banner","medium":"cpc","term":"..."},\
                "ip_addr":"208.80.152.201","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) \
                AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.71 Safari/537.36"},\
                "page":{"url":"http://example.com/catalog/item?id=12345","title":"Каталог — страница товара"},\
                "analytics":{},"agent":{"id":"2016","name":"Thomas Anderson","email":"agent@jivosite.com",\
                "phone":"+14083682346"}}""";

        static byte[] body(long client, long n) {
            return TEMPLATE.replace("{client}", String.valueOf(client))
                    .replace("{n}", String.valueOf(n)).getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- servers under test

    /** A jivohub process started from target/jivohub.jar. */
    private record Server(String name, Process process, int port) implements AutoCloseable {
        static Server start(String name, Path work, String db, List<String> flags, String... jvmFlags)
                throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(JAVA));
            command.addAll(List.of(jvmFlags));
            command.addAll(List.of("-jar", JAR.toString(), "--port", String.valueOf(port), "--db", db));
            command.addAll(flags);
            Process process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
            CHILDREN.add(process);
            Server server = new Server(name, process, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!server.healthy()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not start; see " + work.resolve(name + ".log"));
                }
                Thread.sleep(5);
            }
            return server;
        }

        boolean healthy() {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        record Urls(String webhookUrl, String dataUrl) {
        }

        Urls connection(String account) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jivo/get_key"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"account_name\": \"" + account + "\", \"event_name\": \"all\"}")).build();
            String answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return new Urls(field(answer, "url"), field(answer, "data_url"));
        }

        String webhookUrl(String account) throws Exception {
            return connection(account).webhookUrl();
        }

        private static String field(String json, String name) {
            Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
            if (!value.find()) {
                throw new IllegalStateException("no " + name + " in " + json);
            }
            return value.group(1);
        }

        long rssKib() throws IOException {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            CHILDREN.remove(process);
        }
    }

    private static String newPostgresDatabase(EmbeddedPostgres postgres, String name) throws Exception {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private static void delete(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    // ---------------------------------------------------------------- the report

    /** The Markdown the benchmark prints; remembers whether a target was missed. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();
        private boolean missed;

        void line(String line) {
            text.append(line).append('\n');
        }

        void section(String title) {
            text.append("\n### ").append(title).append("\n\n");
        }

        void row(String... rows) {
            for (String row : rows) {
                line(row);
            }
        }

        void targets() {
            row("| measure | value | target | result |", "|---|---|---|---|");
        }

        /** A row of a targets table that reports without judging. */
        void info(String row) {
            line(row + " |");
        }

        /** A row of a targets table, marked met or missed. */
        void check(String row, boolean met) {
            missed |= !met;
            line(row + " " + (met ? "met" : "**MISSED**") + " |");
        }

        boolean missed() {
            return missed;
        }

        void print() {
            System.out.print(text);
        }
    }
}
