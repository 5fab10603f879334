package io.jivohub.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who sent a request, as far as jivohub can tell: the peer address of the connection, and, when the peer is a
 * reverse proxy on this machine (loopback), the client address the proxy forwarded. The one place that reads
 * forwarding headers, for the admin check and the guess limit alike.
 *
 * @param peer      the address of the connection's other end, or {@code null} when it is not an IP socket
 * @param forwarded whether the request carries any proxy forwarding header
 * @param client    the client: the last {@code X-Forwarded-For} address (the one the proxy added), else
 *                  {@code X-Real-IP}, when the peer is loopback and the header holds an IP literal; else the peer
 */
public record ClientAddress(InetAddress peer, boolean forwarded, InetAddress client) {
    private static final HeaderName X_REAL_IP = HeaderNames.create("X-Real-IP");
    private static final List<HeaderName> FORWARDING_HEADERS =
            List.of(HeaderNames.FORWARDED, HeaderNames.X_FORWARDED_FOR, X_REAL_IP);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits and colons (and dots for an embedded IPv4): with a colon, Java never looks it up as a name. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9a-fA-F:.]{2,45}");

    /** The addresses of {@code req}. */
    public static ClientAddress of(ServerRequest req) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        boolean forwarded = FORWARDING_HEADERS.stream().anyMatch(req.headers()::contains);
        InetAddress client = peer;
        if (peer != null && peer.isLoopbackAddress()) {
            client = req.headers().first(HeaderNames.X_FORWARDED_FOR)
                    .map(value -> value.substring(value.lastIndexOf(',') + 1))
                    .or(() -> req.headers().first(X_REAL_IP))
                    .flatMap(literal -> parse(literal.strip()))
                    .orElse(peer);
        }
        return new ClientAddress(peer, forwarded, client);
    }

    /**
     * Whether the request comes from a program on this machine: a loopback peer without forwarding headers. A
     * loopback request with them came from elsewhere through a reverse proxy here, and counts as remote.
     */
    public boolean isLocal() {
        return peer != null && peer.isLoopbackAddress() && !forwarded;
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
