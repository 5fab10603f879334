package io.jivohub.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A large store read in full through data_url by a server with a small heap: whether every row comes out, how fast,
 * whether the server survives it, and how much ingest it keeps while a read runs.
 */
record ReadSection(ClosedLoop closedLoop) implements Section {
    private static final String ACCOUNT = "read";
    private static final int CONNECTIONS = 64;

    @Override
    public String name() {
        return "read";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        String db = work.sqlite("read");
        String dataPath;
        try (BenchServer setup = BenchServer.start(work, db, Variant.SQLITE.flags())) {
            dataPath = setup.connect(ACCOUNT).data();
        }
        long prefill = System.nanoTime();
        Prefill.fill(db, ACCOUNT, plan.storedEvents());
        double prefillSeconds = (System.nanoTime() - prefill) / 1e9;

        try (BenchServer server = BenchServer.start(work, db, Variant.SQLITE.flags(), List.of("-Xmx256m"))) {
            server.awaitTablesBuilt(Duration.ofMinutes(30));
            long build = System.nanoTime();
            server.rebuildTables();
            server.awaitTablesBuilt(Duration.ofMinutes(30));
            double buildSeconds = (System.nanoTime() - build) / 1e9;
            String url = server.url(dataPath);
            String ingest = server.webhookUrl("ingest-during-read");
            closedLoop.run(ingest, CONNECTIONS, plan.warmup());
            Load alone = closedLoop.run(ingest, CONNECTIONS, plan.measure());

            long start = System.nanoTime();
            long rows = FullRead.rows(url);
            double seconds = (System.nanoTime() - start) / 1e9;

            // Ingest for most of the time a read takes alone, so that the read (slower now) surely overlaps it all.
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> FullRead.rows(url));
            Load during = closedLoop.run(ingest, CONNECTIONS, Duration.ofSeconds(Math.max(2, (long) (seconds * 0.8))));
            boolean readStillRunning = !reading.isDone();
            long rowsAgain = reading.join();
            long chatsStart = System.nanoTime();
            long chats = FullRead.tableRows(url, "chats");
            double chatsSeconds = (System.nanoTime() - chatsStart) / 1e9;
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
            report.info(String.format(Locale.ROOT, "| ingest alone, 64 connections | %,.0f events/s | |",
                    alone.eventsPerSecond()));
            report.info(String.format(Locale.ROOT, "| ingest during the full read%s | %,.0f events/s | |",
                    readStillRunning ? "" : " (the read ended first)", during.eventsPerSecond()));
            double kept = during.eventsPerSecond() / alone.eventsPerSecond();
            report.check(String.format(Locale.ROOT, "| ingest kept during the read | %.0f%% | ≥ 70%% |", kept * 100),
                    kept >= 0.7);
            double buildRate = plan.storedEvents() / buildSeconds;
            report.info(String.format(Locale.ROOT, "| Jivo tables rebuilt from the %,d stored events at -Xmx256m |"
                    + " %.1f s, %,.0f events/s | |", plan.storedEvents(), buildSeconds, buildRate));
            report.check(String.format(Locale.ROOT, "| building the tables / durable ingest alone | %.1f× | ≥ 2× |",
                    buildRate / alone.eventsPerSecond()), buildRate >= 2 * alone.eventsPerSecond());
            report.check(String.format(Locale.ROOT, "| chats read (%,d rows) / raw events read, rows/s | %.2f | ≥ 1.00 |",
                    chats, (chats / chatsSeconds) / (rows / seconds)), chats / chatsSeconds >= rows / seconds);
        }
    }
}
