package io.jivohub.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What storing adds to the latency at a moderate, fixed rate, measured with an open loop (see
 * {@link LoadGenerator#openLoop}) so that a stall shows in the figures.
 */
final class LatencySection implements Section {
    private static final int RATE = 1000;

    private final LoadGenerator generator = new LoadGenerator();

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        Map<Variant, Load> loads = new EnumMap<>(Variant.class);
        double lagP99 = Double.NaN;
        for (Variant variant : List.of(Variant.BASELINE, Variant.SQLITE)) {
            try (BenchServer server = BenchServer.start(work, work.sqlite("rate-" + variant.slug()),
                    variant.flags())) {
                String url = server.webhookUrl("rate");
                // A cold server offered the full rate at once falls behind while its code compiles, and the open
                // loop's backlog of connections then keeps it behind: warm up at a fifth of the rate first.
                generator.openLoop(url, RATE / 5, plan.warmup().dividedBy(2));
                generator.openLoop(url, RATE, plan.warmup().dividedBy(2));
                double[][] lagBefore = variant == Variant.SQLITE ? server.tablesLagBuckets() : null;
                loads.put(variant, generator.openLoop(url, RATE, plan.measure()));
                if (variant == Variant.SQLITE) {
                    lagP99 = BenchServer.lagP99Millis(lagBefore, server.tablesLagBuckets());
                }
            }
        }
        report.section("Latency at 1,000 events/s offered (open loop: measured from the intended send time)");
        report.row("| server | events/s | p50 ms | p99 ms | failures |", "|---|---|---|---|---|");
        loads.forEach((variant, load) -> report.row(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d |",
                variant.title(), load.eventsPerSecond(), load.p50Millis(), load.p99Millis(), load.failures())));
        Load durable = loads.get(Variant.SQLITE);
        double extra = durable.p99Millis() - loads.get(Variant.BASELINE).p99Millis();
        report.line("");
        report.targets();
        report.check(String.format(Locale.ROOT, "| durable p99 above the baseline's | %+.2f ms | ≤ +3 ms |", extra),
                extra <= 3 && durable.failures() == 0);
        report.check(String.format(Locale.ROOT, "| Jivo tables lag p99 after the warm-up (receipt to folded, histogram bucket) | ≤ %.0f ms"
                + " | ≤ 1000 ms |", lagP99), lagP99 <= 1000);
    }
}
