package io.jivohub.bench;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
            try (Receiver receiver = Receiver.start();
                 BenchServer server = BenchServer.start(work, work.sqlite("forward-" + parallel), flags)) {
                String url = server.webhookUrl("forward");
                Response made = Http.post(server.url("/jivo/admin/connections/1/destinations"),
                        Json.MAPPER.writeValueAsString(Map.of("url", receiver.url(), "parallel", parallel)),
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
                long before = receiver.requests.get();
                Load with = closedLoop.run(url, CONNECTIONS, plan.measure());
                long delivered = receiver.requests.get() - before;
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

    /**
     * A receiver that answers every request 200 at once and only counts them: HTTP/1.1 on blocking sockets, a
     * platform thread per connection, no more parsing than finding the end of the headers and skipping the
     * {@code Content-Length} bytes of the body (the server's client always sends one). It shares the two cores with
     * the server and wrk, so it is made as cheap as a receiver can be, and what is measured is the server's
     * forwarding: a receiver on another machine costs this one nothing. (Until the fifth session the JDK's
     * {@code HttpServer} stood in its place.)
     */
    private static final class Receiver implements AutoCloseable {
        private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private static final String LENGTH = "content-length:";

        private final ServerSocket socket;
        private final AtomicLong requests = new AtomicLong();

        private Receiver(ServerSocket socket) {
            this.socket = socket;
        }

        static Receiver start() throws IOException {
            Receiver receiver = new Receiver(new ServerSocket(0, 256, InetAddress.getLoopbackAddress()));
            Thread.ofPlatform().daemon().name("bench-receiver").start(receiver::accept);
            return receiver;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connection.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().start(() -> serve(connection));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
                 OutputStream out = connection.getOutputStream()) {
                for (long length = headers(in); length >= 0; length = headers(in)) {
                    in.skipNBytes(length);
                    requests.incrementAndGet();
                    out.write(OK);
                    out.flush();
                }
            } catch (IOException e) {
                // the server closed the connection
            }
        }

        /** Reads a request's head; its {@code Content-Length}, or -1 when the connection ended before one. */
        private static long headers(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            long length = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    if (line.isEmpty()) {
                        return length;
                    }
                    if (line.length() > LENGTH.length()
                            && line.substring(0, LENGTH.length()).equalsIgnoreCase(LENGTH)) {
                        length = Long.parseLong(line.substring(LENGTH.length()).strip());
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
            return -1;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
