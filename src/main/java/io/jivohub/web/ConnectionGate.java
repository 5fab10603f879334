package io.jivohub.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Bounds the connections jivohub serves at once ({@code --max-connections}), well below the process's limit of
 * open files: a client that opened connections until that limit was reached once made the listener die, leaving
 * a live process without its port. A connection past the bound is answered 503 with {@code Retry-After} and closed
 * at once, so it holds a descriptor for no longer than that takes (a client that already sent its request may see
 * the close as a reset instead).
 *
 * <p>It is the listener's only connection selector, in front of HTTP/1.1, so Helidon hands it every connection the
 * moment it is accepted, before a byte is read: idle connections count too. Helidon's own bound on accepted sockets
 * sits a little above this one ({@link #acceptBound}), so that refusing never runs out of descriptors either;
 * beyond it, connections wait in the kernel's queue.
 *
 * <p>A bound on connections is only worth as much as the time each may hold a slot. Helidon closes a connection
 * that waits for its next request, but not one whose request trickles in a byte at a time, and reads no socket
 * with a timeout. So every second the gate cuts off, interrupting it, any connection that has gone
 * {@code --idle-timeout} without a request starting or ending or a piece of an answer going out: idle, trickling
 * its request, or no longer reading its answer. A long answer to a client that reads it is never cut. Thread-safe.
 */
public final class ConnectionGate implements ServerConnectionSelector {
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
    private static final String REFUSAL_BODY = "{\"error\":\"too many connections are open; try again in a moment\"}";
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + Responses.JSON_UTF8
            + "\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: " + REFUSAL_BODY.length() + "\r\n\r\n"
            + REFUSAL_BODY).getBytes(StandardCharsets.US_ASCII);

    private final int maxConnections;
    private final Duration idleTimeout;
    private final ServerConnectionSelector http1 = Http1ConnectionSelector.builder().config(Http1Config.create())
            .build();
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Counted> served = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jivohub-connection-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param maxConnections the most connections served at once
     * @param idleTimeout    how long a connection may go without a request starting or ending
     */
    public ConnectionGate(int maxConnections, Duration idleTimeout) {
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The most sockets Helidon should accept: the bound, and room to refuse those past it. */
    public int acceptBound() {
        return maxConnections + Math.max(8, maxConnections / 8);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return new Refused(ctx);
        }
        AnswerWatch watched = new AnswerWatch(ctx);
        Counted counted = new Counted(http1.connection(watched), watched);
        served.add(counted);
        return counted;
    }

    private void sweep() {
        for (Counted connection : served) {
            if (connection.idleTime().compareTo(idleTimeout) > 0) {
                connection.close(true);
            }
        }
    }

    /** Stops cutting off connections; the server closes them. */
    public void close() {
        sweeper.shutdownNow();
    }

    /** Connections served right now. */
    public int open() {
        return open.get();
    }

    /** A connection within the bound: served by HTTP/1.1, and counted until it ends. */
    private final class Counted implements ServerConnection {
        private final ServerConnection connection;
        private final AnswerWatch watch;

        Counted(ServerConnection connection, AnswerWatch watch) {
            this.connection = connection;
            this.watch = watch;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                connection.handle(limit);
            } finally {
                served.remove(this);
                open.decrementAndGet();
            }
        }

        /** Since a request started or ended, or a piece of an answer went out, whichever was last. */
        @Override
        public Duration idleTime() {
            Duration sinceWrite = watch.sinceLastWrite();
            Duration sinceRequest = connection.idleTime();
            return sinceWrite.compareTo(sinceRequest) < 0 ? sinceWrite : sinceRequest;
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }
    }

    /** A connection past the bound: one answer, then closed. */
    private record Refused(ConnectionContext ctx) implements ServerConnection {
        @Override
        public void handle(Limit limit) {
            ctx.dataWriter().writeNow(BufferData.create(REFUSAL));
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
        }
    }
}
