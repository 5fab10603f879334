package io.jivohub.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
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
 * at once, so it holds a descriptor for no longer than that takes.
 *
 * <p>It is the listener's only connection selector, in front of HTTP/1.1, so Helidon hands it every connection the
 * moment it is accepted, before a byte is read: idle connections count too. Helidon's own bound on accepted sockets
 * sits a little above this one, so that refusing never runs out of descriptors either; beyond it, connections wait
 * in the kernel's queue. Thread-safe.
 */
public final class ConnectionGate implements ServerConnectionSelector {
    /** Sockets accepted beyond the bound, to be answered 503: the room Helidon's own bound leaves. */
    public static final int REFUSING_ROOM = 64;
    private static final String REFUSAL_BODY = "{\"error\":\"too many connections are open; try again in a moment\"}";
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + Responses.JSON_UTF8
            + "\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: " + REFUSAL_BODY.length() + "\r\n\r\n"
            + REFUSAL_BODY).getBytes(StandardCharsets.US_ASCII);

    private final int maxConnections;
    private final ServerConnectionSelector http1 = Http1ConnectionSelector.builder().config(Http1Config.create())
            .build();
    private final AtomicInteger open = new AtomicInteger();

    /** @param maxConnections the most connections served at once */
    public ConnectionGate(int maxConnections) {
        this.maxConnections = maxConnections;
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
        return new Counted(http1.connection(ctx));
    }

    /** Connections served right now. */
    public int open() {
        return open.get();
    }

    /** A connection within the bound: served by HTTP/1.1, and counted until it ends. */
    private final class Counted implements ServerConnection {
        private final ServerConnection connection;

        Counted(ServerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                connection.handle(limit);
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
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
