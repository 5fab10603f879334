package io.jivohub.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;

/**
 * Ingest with every event forwarded to one receiver on this machine, against the same server with nothing to
 * forward, one after the other in the same run: what forwarding costs ingest, and whether deliveries keep up (the
 * server's own {@code jivohub_forward_oldest_waiting_seconds}, looked at twice a second during the load).
 *
 * <p>Each server is warmed up {@link #WARM_UP_TIMES} as long as the plan says: on two busy cores the JIT compilers
 * need about a minute of this load to compile forwarding's code (the HTTP client's included), and with the plan's
 * 5 s they still had a quarter of the CPU during the measurement (a twentieth after 60 s), which measured the
 * compilers, not forwarding. A server runs for days; the figures are for one that has warmed up, and whose
 * deliveries have caught up with the warm-up's events before the measurement starts.
 */
final class ForwardSection implements Section {
    private static final int CONNECTIONS = 64;
    private static final int WARM_UP_TIMES = 12;
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final String WAITING = "jivohub_forward_oldest_waiting_seconds{destination=\"1\"} ";

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        ClosedLoop closedLoop = ClosedLoop.available();
        List<String> flags = new ArrayList<>(Variant.SQLITE.flags());
        flags.add("--forward-allow-private");
        Duration warmup = plan.warmup().multipliedBy(WARM_UP_TIMES);
        Load without;
        try (BenchServer server = BenchServer.start(work, work.sqlite("forward-none"), flags)) {
            String url = server.webhookUrl("forward");
            closedLoop.run(url, CONNECTIONS, warmup);
            without = closedLoop.run(url, CONNECTIONS, plan.measure());
        }
        report.section("Forwarding every event to one receiver on this machine (64 connections, each server warmed up "
                + warmup.toSeconds() + " s)");
        report.targets();
        report.info(String.format(Locale.ROOT, "| ingest without forwarding | %,.0f events/s | |",
                without.eventsPerSecond()));
        for (boolean parallel : List.of(false, true)) {
            String how = parallel ? "in parallel (16 at a time, any order)" : "in order (one at a time)";
            try (BareReceiver receiver = BareReceiver.start(Duration.ZERO, new byte[0]);
                 BenchServer server = BenchServer.start(work, work.sqlite("forward-" + parallel), flags)) {
                String url = server.webhookUrl("forward");
                Response made = Http.post(server.url("/jivo/admin/connections/1/destinations"),
                        Json.MAPPER.writeValueAsString(Map.of("url", receiver.url("/hook"), "parallel", parallel)),
                        "Authorization", "Bearer " + TestHub.TOKEN, "Content-Type", "application/json");
                if (made.status() != 201) {
                    throw new IllegalStateException("a destination was refused: " + made.text());
                }
                closedLoop.run(url, CONNECTIONS, warmup);
                // the warm-up's deliveries, behind while the code compiled, are made before the measurement
                await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
                        .until(() -> Http.metric(server.url("/metrics"), WAITING) == 0);
                AtomicBoolean loading = new AtomicBoolean(true);
                CompletableFuture<Double> waiting = CompletableFuture.supplyAsync(() -> worstWaiting(server, loading));
                long before = receiver.requests();
                Load with = closedLoop.run(url, CONNECTIONS, plan.measure());
                long delivered = receiver.requests() - before;
                loading.set(false);
                double worstWaiting = waiting.join();
                double ratio = with.eventsPerSecond() / without.eventsPerSecond();
                report.info(String.format(Locale.ROOT, "| %s: ingest, and deliveries during it | %,.0f / %,.0f"
                        + " events/s | |", how, with.eventsPerSecond(), delivered / (plan.measure().toMillis() / 1000.0)));
                report.check(String.format(Locale.ROOT, "| %s: ingest with forwarding / without | %.2f | ≥ 0.80 |",
                        how, ratio), ratio >= 0.8);
                report.check(String.format(Locale.ROOT, "| %s: the oldest event waiting to be delivered, worst"
                        + " during the load | %.2f s | < 2 s |", how, worstWaiting), worstWaiting < 2);
            }
        }
    }

    /** The largest value of the oldest-waiting gauge while {@code loading}, looked at twice a second. */
    private static double worstWaiting(BenchServer server, AtomicBoolean loading) {
        double worst = 0;
        while (loading.get()) {
            worst = Math.max(worst, Http.metric(server.url("/metrics"), WAITING));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return worst;
    }
}
