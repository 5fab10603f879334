package io.jivohub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;

/**
 * The dashboard's two main pages, the connections and one connection, signed in as a person is, on a store of 100
 * connections sharing 1,000,000 events received over 30 days (its Jivo tables built), beside the same pages on a
 * store with one connection and no events, in the same run: how long each takes from the request to its last byte.
 */
final class DashboardSection implements Section {
    private static final int CONNECTIONS = 100;
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final int WARM_UP = 30;
    private static final int MEASURED = 100;
    private static final List<String> PAGES = List.of("/jivo/admin", "/jivo/admin/connection/1");

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        String db = work.sqlite("dashboard");
        List<String> accounts = IntStream.rangeClosed(1, CONNECTIONS).mapToObj(n -> "Магазин " + n).toList();
        try (BenchServer setup = BenchServer.start(work, db, Variant.SQLITE.flags())) {
            accounts.forEach(setup::connect);
        }
        Prefill.spread(db, accounts, plan.storedEvents(), PERIOD);
        List<double[]> full = new ArrayList<>();
        try (BenchServer server = BenchServer.start(work, db, Variant.SQLITE.flags())) {
            server.awaitTablesBuilt(Duration.ofMinutes(30));
            String session = signIn(server);
            for (String page : PAGES) {
                full.add(millis(server, page, session));
            }
        }
        List<double[]> empty = new ArrayList<>();
        try (BenchServer server = BenchServer.start(work, work.sqlite("dashboard-empty"), Variant.SQLITE.flags())) {
            server.connect("Магазин 1");
            String session = signIn(server);
            for (String page : PAGES) {
                empty.add(millis(server, page, session));
            }
        }

        report.section(String.format(Locale.ROOT, "The dashboard with %d connections and %,d events (%d requests"
                + " each, one at a time, after %d not counted)", CONNECTIONS, plan.storedEvents(), MEASURED, WARM_UP));
        report.row("| page | p50 ms | p95 ms | max ms | p50 on an empty store ms | p50 full / empty |",
                "|---|---|---|---|---|---|");
        for (int i = 0; i < PAGES.size(); i++) {
            double[] times = full.get(i);
            report.line(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f | %.1f | %.1f× |", PAGES.get(i),
                    percentile(times, 0.5), percentile(times, 0.95), times[times.length - 1],
                    percentile(empty.get(i), 0.5), percentile(times, 0.5) / percentile(empty.get(i), 0.5)));
        }
        report.line("");
        report.targets();
        double worst = full.stream().mapToDouble(times -> percentile(times, 0.95)).max().orElseThrow();
        report.check(String.format(Locale.ROOT, "| the slower page's p95 | %.1f ms | < 300 ms |", worst), worst < 300);
    }

    /** Signs in with the admin token as the sign-in page's form does; returns the session's cookie. */
    private static String signIn(BenchServer server) {
        Response form = Http.get(server.url("/jivo/admin/sign-in"));
        String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Response signedIn = Http.post(server.url("/jivo/admin/sign-in"), "form_token="
                + formCookie.substring(formCookie.indexOf('=') + 1) + "&token=" + TestHub.TOKEN, "Cookie", formCookie,
                "Content-Type", "application/x-www-form-urlencoded");
        return signedIn.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith(
                "jivohub_session=")).findFirst().orElseThrow(() -> new IllegalStateException("sign-in answered "
                + signedIn.status())).split(";")[0];
    }

    /** The times of {@value #MEASURED} requests for {@code page}, sorted, in milliseconds. */
    private static double[] millis(BenchServer server, String page, String session) {
        double[] times = new double[MEASURED];
        for (int i = -WARM_UP; i < MEASURED; i++) {
            long start = System.nanoTime();
            Response answer = Http.get(server.url(page), "Cookie", session);
            long nanos = System.nanoTime() - start;
            if (answer.status() != 200) {
                throw new IllegalStateException(page + " answered " + answer.status());
            }
            if (i >= 0) {
                times[i] = nanos / 1e6;
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static double percentile(double[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
