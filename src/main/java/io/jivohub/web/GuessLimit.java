package io.jivohub.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Slows down clients that guess URLs: each client may get {@code perMinute} 404 answers a minute (all at once, or
 * spread out); past that, every request it makes gets 429 with {@code Retry-After} until its allowance refills,
 * without looking at the key. So a guesser gets about one try a second, where a 256-bit key would need 2^255.
 *
 * <p>A 404 for a key that worked once (its connection revoked or deleted, or the key rotated out) does not count:
 * that is Jivo posting to a URL nobody has changed yet, and Jivo sends every customer's events from the same few
 * addresses, so counting them would let one stale channel lock out everyone else's events. Handlers mark such
 * answers with {@link #notAGuess}.
 *
 * <p>The client is the peer address; when the peer is this machine (a reverse proxy in front of jivohub), it is the
 * last address of {@code X-Forwarded-For} (the one the proxy added), or {@code X-Real-IP}. Behind a proxy on another
 * machine, all clients share the proxy's allowance. /health and /metrics are never limited.
 *
 * <p>Memory is bounded: at most {@value #MAX_CLIENTS} clients are tracked; beyond that, those whose allowance is
 * full again are forgotten first. Thread-safe.
 */
public final class GuessLimit implements Filter {
    static final int MAX_CLIENTS = 100_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits and colons (and dots for an embedded IPv4): with a colon, Java never looks it up as a name. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9a-fA-F:.]{2,45}");
    private static final String NOT_A_GUESS = GuessLimit.class.getName() + ".notAGuess";
    private static final List<String> NEVER_LIMITED = List.of("/health", "/metrics");

    private final int perMinute;
    private final Map<InetAddress, Allowance> clients = new ConcurrentHashMap<>();

    /** @param perMinute the 404s each client may get a minute */
    public GuessLimit(int perMinute) {
        this.perMinute = perMinute;
    }

    /** How many 404s a client may still get; refills continuously to {@code perMinute} over a minute. */
    private final class Allowance {
        private double left = perMinute;
        private long updated = System.nanoTime();

        /** Nanoseconds until one more 404 is allowed; 0 when one is allowed now. */
        synchronized long waitNanos() {
            refill();
            return left >= 1 ? 0 : (long) ((1 - left) * MINUTE_NANOS / perMinute);
        }

        synchronized void spend() {
            refill();
            left = Math.max(0, left - 1);
        }

        synchronized boolean isFull() {
            refill();
            return left >= perMinute;
        }

        private void refill() {
            long now = System.nanoTime();
            left = Math.min(perMinute, left + (double) (now - updated) * perMinute / MINUTE_NANOS);
            updated = now;
        }
    }

    /** Marks the 404 that {@code req} is about to get as stale configuration, not a guess. */
    public static void notAGuess(ServerRequest req) {
        req.context().register(NOT_A_GUESS, Boolean.TRUE);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        UriPath path = req.prologue().uriPath();
        if (NEVER_LIMITED.contains(path.path())) {
            chain.proceed();
            return;
        }
        InetAddress client = client(req);
        Allowance allowance = client == null ? null : clients.get(client);
        long waitNanos = allowance == null ? 0 : allowance.waitNanos();
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
            Responses.error(res, Status.TOO_MANY_REQUESTS_429, "too many requests for unknown URLs from your address; "
                    + "try again in " + seconds + " s");
            return;
        }
        chain.proceed();
        if (client != null && res.status().code() == Status.NOT_FOUND_404.code()
                && req.context().get(NOT_A_GUESS, Boolean.class).isEmpty()) {
            if (clients.size() >= MAX_CLIENTS) {
                forgetFullAllowances();
            }
            clients.computeIfAbsent(client, c -> new Allowance()).spend();
        }
    }

    private void forgetFullAllowances() {
        clients.values().removeIf(Allowance::isFull);
        if (clients.size() >= MAX_CLIENTS) {
            clients.clear(); // an attack from that many addresses: start over rather than grow
        }
    }

    private static InetAddress client(RoutingRequest req) {
        SocketAddress peer = req.remotePeer().address();
        if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null) {
            return null;
        }
        InetAddress client = address.getAddress();
        if (client.isLoopbackAddress()) {
            String forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR)
                    .map(value -> value.substring(value.lastIndexOf(',') + 1))
                    .or(() -> req.headers().first(HeaderNames.create("X-Real-IP")))
                    .orElse(null);
            if (forwarded != null) {
                return parse(forwarded.strip()).orElse(client);
            }
        }
        return client;
    }

    /** An IP address literal; anything else is empty, and never looked up as a name. */
    private static Optional<InetAddress> parse(String literal) {
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
