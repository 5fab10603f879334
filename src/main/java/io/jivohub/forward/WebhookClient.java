package io.jivohub.forward;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import io.jivohub.keys.Signature;

/**
 * Posts webhooks, to destinations and to responders: HTTP/1.1 on blocking sockets, written and read on the calling
 * thread, with idle connections kept for the next request to the same receiver (at most {@link #IDLE_LIMIT}: many
 * servers close theirs after five seconds; a request that finds its reused connection closed before any answer is
 * made again on a new one). Redirects are never followed (one could lead to an address the {@link AddressRule}
 * refuses), and every new connection is opened to an address the rule was asked about just before, so a name that
 * resolves to another address the second time cannot slip past it.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}, which jivohub used until the sixth session: it reads
 * answers on a selector thread and hands each to the waiting thread, two wake-ups per request, and on two busy
 * cores each waits for a core. Measured on this machine against a local bare receiver, one sender in order:
 * 7,200–8,800 requests a second with the JDK client (its tasks already on its selector thread) against
 * 23,000–25,000, at 200 against 45 µs of CPU per request (client and receiver together); with three busy loops on
 * the two cores, 290–890 a second against 15,000–17,000. Ordered forwarding makes one request per round trip, so
 * that is its speed.
 *
 * <p>Every exchange has a deadline: connecting may take {@link #CONNECT_TIMEOUT} of it, each read waits at most
 * what is left, and a watch thread (one for the process, every {@link #WATCH_EVERY}) closes the TCP socket of a
 * connect, TLS handshake or exchange still under way after it (the TCP socket: closing a TLS one waits for its
 * blocked writer), which also ends a write to a receiver that stopped reading. Resolving the name is not watched.
 *
 * <p>Thread-safe; each exchange blocks its thread, a virtual one too.
 */
public final class WebhookClient implements AutoCloseable {
    /** How long connecting to a receiver may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The most of an answer's body kept; a longer one is not read ({@link WebhookAnswer#tooLong}). */
    public static final int MAX_BODY = 64 * 1024;
    /** How long an idle connection is kept for the next request. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(4);
    /** The most idle connections kept per receiver: a parallel destination has 16 under way. */
    private static final int MOST_IDLE = 32;
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);
    /** Every client's connects and exchanges under way, by their TCP socket, for the watch and {@link #close}. */
    private static final Map<Socket, Watched> UNDER_WAY = new ConcurrentHashMap<>();

    static {
        Thread.ofPlatform().daemon().name("jivohub-webhook-deadlines").start(WebhookClient::watch);
    }

    private final AddressRule addresses;
    private final SSLSocketFactory tls;
    private final Map<Origin, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param addresses which receivers may be reached, asked before every new connection */
    public WebhookClient(AddressRule addresses) {
        this(addresses, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tls makes the TLS connections to {@code https} receivers: the JDK's default trusts its CAs */
    WebhookClient(AddressRule addresses, SSLSocketFactory tls) {
        this.addresses = addresses;
        this.tls = tls;
    }

    /**
     * The headers of a webhook with {@code body}, as the Standard Webhooks spec describes them: {@code webhook-id},
     * {@code webhook-timestamp}, and {@code webhook-signature} with each of {@code secrets}; with jivohub's
     * {@code Content-Type} and {@code User-Agent}. A new map, in that order, that the caller may add to.
     */
    public static Map<String, String> signedHeaders(List<String> secrets, String id, long timestampSeconds,
                                                    byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "jivohub");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", String.valueOf(timestampSeconds));
        headers.put("webhook-signature", Signature.of(secrets, id, timestampSeconds, body));
        return headers;
    }

    /**
     * Posts {@code body} to {@code url} with {@code headers} (besides {@code Host} and {@code Content-Length}),
     * and reads the answer, all within {@code timeout}.
     *
     * @throws WebhookFailure           when no whole answer came
     * @throws IllegalArgumentException when a header's name or value cannot be sent (its message names neither)
     */
    public WebhookAnswer post(URI url, Map<String, String> headers, byte[] body, Duration timeout)
            throws WebhookFailure {
        if (closed) {
            throw stopping();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Origin origin = Origin.of(url);
        byte[] request = request(url, origin, headers, body);
        Http1Connection connection = reused(origin);
        boolean reused = connection != null;
        while (true) {
            Http1Connection used = connection != null ? connection : connect(origin, deadline, timeout);
            Watched watched = watch(used.plain(), deadline);
            WebhookAnswer answer;
            try {
                answer = used.exchange(request, MAX_BODY, deadline);
            } catch (IOException e) {
                unwatch(used.plain(), watched);
                used.close();
                if (reused && !used.answerBegan() && !closed && System.nanoTime() < deadline) {
                    reused = false; // the receiver closed it while it was idle: once more on a new one
                    connection = null;
                    continue;
                }
                throw failure(e, deadline, timeout);
            }
            if (unwatch(used.plain(), watched)) {
                release(origin, used);
            } else {
                used.close(); // the watch or close() took it just as the answer was read whole
            }
            return answer;
        }
    }

    /**
     * One connect or exchange under way, until its deadline. Compared by identity: the watch closes a socket only
     * while this very registration is its entry, never one that ended and whose connection went on to another.
     */
    private record Watched(long deadline, WebhookClient owner) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private Watched watch(Socket socket, long deadline) {
        Watched watched = new Watched(deadline, this);
        UNDER_WAY.put(socket, watched);
        return watched;
    }

    /** Ends a registration; false when the watch or {@link #close} closed its socket first. */
    private static boolean unwatch(Socket socket, Watched watched) {
        return UNDER_WAY.remove(socket, watched);
    }

    /** Where requests go; connections are kept per origin. */
    private record Origin(String scheme, String host, int port) {
        static Origin of(URI url) {
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
            return new Origin(scheme, url.getHost().toLowerCase(Locale.ROOT), port);
        }

        String authority() {
            return port == (scheme.equals("https") ? 443 : 80) ? host : host + ":" + port;
        }
    }

    private static byte[] request(URI url, Origin origin, Map<String, String> headers, byte[] body) {
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        StringBuilder head = new StringBuilder(512).append("POST ").append(path)
                .append(ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(origin.authority()).append("\r\n");
        headers.forEach((name, value) -> {
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')
                    || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t')) {
                throw new IllegalArgumentException("a header that HTTP cannot carry");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /** An idle connection to {@code origin} kept recently enough, or null. */
    private Http1Connection reused(Origin origin) {
        Deque<Http1Connection> kept = idle.get(origin);
        for (Http1Connection connection = kept == null ? null : kept.pollFirst(); connection != null;
             connection = kept.pollFirst()) {
            if (!expired(connection)) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** Keeps {@code connection} for the next request when it may carry one, and closes those kept too long. */
    private void release(Origin origin, Http1Connection connection) {
        if (!connection.reusable() || closed) {
            connection.close();
            return;
        }
        Deque<Http1Connection> kept = idle.computeIfAbsent(origin, any -> new ConcurrentLinkedDeque<>());
        connection.idleSince = System.nanoTime();
        if (kept.size() >= MOST_IDLE) {
            connection.close();
        } else {
            kept.offerFirst(connection);
        }
        for (Http1Connection oldest = kept.peekLast(); oldest != null && expired(oldest); oldest = kept.peekLast()) {
            if (kept.removeLastOccurrence(oldest)) {
                oldest.close();
            }
        }
        if (closed) {
            kept.forEach(Http1Connection::close);
        }
    }

    private static boolean expired(Http1Connection connection) {
        return System.nanoTime() - connection.idleSince > IDLE_LIMIT.toNanos();
    }

    /** A new connection to one of the addresses {@code origin}'s host has now, if the rule lets it be reached. */
    private Http1Connection connect(Origin origin, long deadline, Duration timeout) throws WebhookFailure {
        InetAddress[] all;
        try {
            all = AddressRule.resolve(origin.host());
        } catch (UnknownHostException e) {
            throw new WebhookFailure(WebhookFailure.Kind.UNREACHED, "the host name does not resolve");
        }
        Optional<String> refusal = addresses.refusal(origin.host(), all);
        if (refusal.isPresent()) {
            throw new WebhookFailure(WebhookFailure.Kind.REFUSED_ADDRESS, refusal.get());
        }
        long connectBy = Math.min(deadline, System.nanoTime() + CONNECT_TIMEOUT.toNanos());
        IOException last = null;
        for (InetAddress address : all) {
            long left = TimeUnit.NANOSECONDS.toMillis(connectBy - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Socket plain = new Socket();
            Watched watched = watch(plain, deadline);
            try {
                return Http1Connection.open(plain, address, origin.scheme().equals("https") ? tls : null,
                        origin.host(), origin.port(), (int) left, deadline);
            } catch (ConnectException | SocketTimeoutException e) {
                last = e; // the next address may answer
            } catch (IOException e) {
                throw failure(e, deadline, timeout);
            } finally {
                unwatch(plain, watched);
            }
        }
        if (last instanceof ConnectException) {
            throw new WebhookFailure(WebhookFailure.Kind.UNREACHED, "the connection was refused");
        }
        if (System.nanoTime() - deadline >= 0 || timeout.compareTo(CONNECT_TIMEOUT) <= 0) {
            throw late(timeout);
        }
        throw new WebhookFailure(WebhookFailure.Kind.UNREACHED,
                "could not connect within " + CONNECT_TIMEOUT.toSeconds() + " s");
    }

    /** What {@code e}, met during an exchange, says to the admin. */
    private WebhookFailure failure(IOException e, long deadline, Duration timeout) {
        if (closed) {
            return stopping();
        }
        if (e instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0) {
            return late(timeout);
        }
        if (e instanceof SSLException) {
            return new WebhookFailure(WebhookFailure.Kind.BROKEN,
                    "the TLS connection failed (" + e.getClass().getSimpleName() + ")");
        }
        return new WebhookFailure(WebhookFailure.Kind.BROKEN,
                "the connection broke before the whole answer (" + e.getClass().getSimpleName() + ")");
    }

    private static WebhookFailure stopping() {
        return new WebhookFailure(WebhookFailure.Kind.BROKEN, "jivohub is stopping");
    }

    private static WebhookFailure late(Duration timeout) {
        return new WebhookFailure(WebhookFailure.Kind.TIMEOUT, "no answer within " + (timeout.toMillis() % 1000 == 0
                ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
    }

    /** Closes the connection of every exchange past its deadline, every {@link #WATCH_EVERY}, for the process. */
    private static void watch() {
        while (true) {
            try {
                Thread.sleep(WATCH_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            UNDER_WAY.forEach((socket, watched) -> {
                if (now - watched.deadline() >= 0 && UNDER_WAY.remove(socket, watched)) {
                    Http1Connection.closeQuietly(socket);
                }
            });
        }
    }

    /** Closes every connection, those of exchanges under way too: their threads get a failure at once. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(kept -> kept.forEach(Http1Connection::close));
        UNDER_WAY.forEach((socket, watched) -> {
            if (watched.owner() == this && UNDER_WAY.remove(socket, watched)) {
                Http1Connection.closeQuietly(socket);
            }
        });
    }
}
