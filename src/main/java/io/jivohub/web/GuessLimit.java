package io.jivohub.web;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Slows down clients that guess secrets: each client may get {@code perMinute} 404 answers (unknown URLs) and 401
 * answers (wrong admin tokens) a minute, all at once or spread out (see {@link Allowance}); past that, every request
 * it makes gets 429 with {@code Retry-After} until its allowance refills, without looking at the key or the token.
 * So a guesser gets about one try a second, where a 256-bit key would need 2^255.
 *
 * <p>A 404 for a key that worked once (its connection revoked or deleted, or the key rotated out) does not count:
 * that is Jivo posting to a URL nobody has changed yet, and Jivo sends every customer's events from the same few
 * addresses, so counting them would let one stale channel lock out everyone else's events. Handlers mark such
 * answers with {@link #notAGuess}.
 *
 * <p>The client is what {@link ClientIp} says: the peer address unless a trusted proxy names it. Behind a proxy
 * whose header jivohub is not told to read, all clients share the proxy's allowance. Endpoints that are not {@linkplain Endpoint#guessLimited() guess-limited} (health, metrics) are never
 * limited.
 *
 * <p>Memory is bounded: at most {@value #MAX_CLIENTS} clients are tracked; beyond that, those whose allowance is
 * full again are forgotten first. Thread-safe.
 */
public final class GuessLimit implements Filter {
    static final int MAX_CLIENTS = 100_000;
    private static final String NOT_A_GUESS = GuessLimit.class.getName() + ".notAGuess";

    private final int perMinute;
    private final ClientIp clientIp;
    private final Map<InetAddress, Allowance> clients = new ConcurrentHashMap<>();

    /**
     * @param perMinute the 404 and 401 answers each client may get a minute
     * @param clientIp  who the client of a request is
     */
    public GuessLimit(int perMinute, ClientIp clientIp) {
        this.perMinute = perMinute;
        this.clientIp = clientIp;
    }

    /** Marks the 404 that {@code req} is about to get as stale configuration, not a guess. */
    public static void notAGuess(ServerRequest req) {
        req.context().register(NOT_A_GUESS, Boolean.TRUE);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Endpoint endpoint = Endpoint.of(req.prologue().uriPath().path());
        if (endpoint != null && !endpoint.guessLimited()) {
            chain.proceed();
            return;
        }
        InetAddress client = clientIp.of(req);
        Allowance allowance = client == null ? null : clients.get(client);
        long waitNanos = allowance == null ? 0 : allowance.waitNanos();
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
            Responses.error(req, res, Status.TOO_MANY_REQUESTS_429, "too many requests for unknown URLs from your "
                    + "address; try again in " + seconds + " s");
            return;
        }
        if (client != null) {
            // Spent before the answer goes out: a client that sends its next guess as soon as it has the answer
            // must find this one counted.
            res.beforeSend(() -> {
                if (isGuess(res.status().code()) && req.context().get(NOT_A_GUESS, Boolean.class).isEmpty()) {
                    spend(client);
                }
            });
        }
        chain.proceed();
    }

    private void spend(InetAddress client) {
        if (clients.size() >= MAX_CLIENTS) {
            forgetFullAllowances();
        }
        clients.computeIfAbsent(client, c -> new Allowance(perMinute, System::nanoTime)).spend();
    }

    private static boolean isGuess(int status) {
        return status == Status.NOT_FOUND_404.code() || status == Status.UNAUTHORIZED_401.code();
    }

    private void forgetFullAllowances() {
        clients.values().removeIf(Allowance::isFull);
        if (clients.size() >= MAX_CLIENTS) {
            clients.clear(); // an attack from that many addresses: start over rather than grow
        }
    }
}
