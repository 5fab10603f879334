package io.jivohub.bench;

import java.util.ArrayList;
import java.util.List;

/** How long a server takes from its launch to a healthy /health, and the memory it holds when idle. */
final class StartupSection implements Section {
    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        List<Long> millis = new ArrayList<>();
        long rssKib = 0;
        for (int i = 0; i < plan.startups(); i++) {
            long start = System.nanoTime();
            try (BenchServer server = BenchServer.start(work, work.sqlite("startup-" + i), Variant.SQLITE.flags())) {
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
}
