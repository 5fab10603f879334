package io.jivohub.bench;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jivohub.support.TestPostgres;

/**
 * The most events a second each {@link Variant} takes, at 64 and 256 connections: what committing every event before
 * answering costs against the baseline, and what group commit saves against a commit per event.
 */
record ThroughputSection(ClosedLoop closedLoop) implements Section {
    private static final List<Integer> CONNECTIONS = List.of(64, 256);

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        Map<Variant, Map<Integer, Load>> results = new EnumMap<>(Variant.class);
        try (TestPostgres.Server postgres = TestPostgres.Server.start(null, 0)) {
            for (Variant variant : Variant.values()) {
                String db = variant == Variant.POSTGRESQL ? postgres.newDatabase()
                        : work.sqlite("throughput-" + variant.slug());
                try (BenchServer server = BenchServer.start(work, db, variant.flags())) {
                    String url = server.webhookUrl("throughput");
                    Map<Integer, Load> byConnections = new LinkedHashMap<>();
                    for (int connections : CONNECTIONS) {
                        closedLoop.run(url, connections, plan.warmup());
                        byConnections.put(connections, closedLoop.run(url, connections, plan.measure()));
                    }
                    results.put(variant, byConnections);
                }
            }
        }
        Map<Integer, Load> baseline = results.get(Variant.BASELINE);
        report.section("Ingest throughput (closed loop, unique ~2 KB bodies)");
        report.row("| server | connections | events/s | p50 ms | p99 ms | vs baseline | failures |",
                "|---|---|---|---|---|---|---|");
        results.forEach((variant, byConnections) -> byConnections.forEach((connections, load) ->
                report.row(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %.2f | %d |",
                        variant.title(), connections, load.eventsPerSecond(), load.p50Millis(), load.p99Millis(),
                        load.eventsPerSecond() / baseline.get(connections).eventsPerSecond(), load.failures()))));
        double durable = results.get(Variant.SQLITE).get(64).eventsPerSecond();
        double vsBaseline = durable / baseline.get(64).eventsPerSecond();
        double vsNaive = durable / results.get(Variant.SQLITE_NAIVE).get(64).eventsPerSecond();
        report.line("");
        report.targets();
        report.check(String.format(Locale.ROOT, "| durable SQLite / baseline, 64 connections | %.2f | ≥ 0.50 |",
                vsBaseline), vsBaseline >= 0.5);
        report.check(String.format(Locale.ROOT, "| durable SQLite / naive, 64 connections | %.1f× | ≥ 4× |", vsNaive),
                vsNaive >= 4);
        long failures = results.values().stream().flatMap(loads -> loads.values().stream())
                .mapToLong(Load::failures).sum();
        double tables = durable / results.get(Variant.SQLITE_NO_TABLES).get(64).eventsPerSecond();
        report.check(String.format(Locale.ROOT, "| ingest with the Jivo tables built / without, 64 connections | %.2f"
                + " | ≥ 0.90 |", tables), tables >= 0.9);
        report.check("| requests that failed (non-2xx or errors), all runs | " + failures + " | 0 |", failures == 0);
    }
}
