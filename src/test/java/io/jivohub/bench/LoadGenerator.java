package io.jivohub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * The Java load generator: clients on virtual threads, each run with its own HTTP/1.1 client and so its own
 * connections. It measures at a fixed rate always, and throughput only when wrk is not installed.
 */
final class LoadGenerator implements ClosedLoop {
    @Override
    public String description() {
        return "Java (virtual threads; install wrk for lighter load)";
    }

    @Override
    public Load run(String url, int connections, Duration duration) {
        Recorder latencies = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long run = ThreadLocalRandom.current().nextInt(1, 1_000_000);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try (HttpClient client = newClient(); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
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
        return Load.of(latencies.getIntervalHistogram(), System.nanoTime() - start, failures.get());
    }

    /**
     * Posts {@code rate} times a second on schedule, each request on its own virtual thread however slow the
     * answers are, and measures each latency from the request's intended send time: a stall of the server then
     * shows in full instead of being hidden by a generator that waits for it (coordinated omission).
     */
    Load openLoop(String url, int rate, Duration duration) {
        Recorder latencies = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long run = ThreadLocalRandom.current().nextInt(1, 1_000_000);
        long interval = 1_000_000_000L / rate;
        long count = duration.toSeconds() * rate;
        long start = System.nanoTime();
        try (HttpClient client = newClient(); ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
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
        return Load.of(latencies.getIntervalHistogram(), System.nanoTime() - start, failures.get());
    }

    /** A client whose answers are taken on its selector thread: a pool's hand-offs were most of its cost. */
    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    }

    /** Whether {@code body} was answered 200. */
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
}
