package io.jivohub.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who sent a request: the peer address of the connection, or, when the peer is a trusted proxy, the address a
 * header set by that proxy names. Which header, and which proxies are trusted, is configured
 * ({@code --client-ip-header}, {@code --trusted-proxies}): a header any client can send is only worth what the
 * proxy in front makes of it, and a client must never pick the address another client's allowance is kept under.
 *
 * <ul>
 *   <li>{@code none} (the default): the peer address, whatever headers say.</li>
 *   <li>{@code x-forwarded-for}: the last address over all its lines, the one the proxy added.</li>
 *   <li>{@code x-real-ip}: its address, which the proxy sets (and overwrites).</li>
 * </ul>
 * A header that names no IP address leaves the peer address. Immutable, thread-safe.
 *
 * @param header         which header names the client
 * @param trustedProxies where the peers are whose header is believed
 */
public record ClientIp(Header header, List<AddressBlock> trustedProxies) {
    /** The headers a proxy may name the client in. */
    public enum Header {
        NONE(null), X_FORWARDED_FOR(HeaderNames.X_FORWARDED_FOR), X_REAL_IP(HeaderNames.create("X-Real-IP"));

        private final HeaderName name;

        Header(HeaderName name) {
            this.name = name;
        }

        /** Its name in settings: {@code none}, {@code x-forwarded-for}, {@code x-real-ip}. */
        public String setting() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ClientIp {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client of {@code req}, or {@code null} when its peer is not an IP socket. */
    public InetAddress of(ServerRequest req) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (peer == null || header == Header.NONE || trustedProxies.stream().noneMatch(block -> block.contains(peer))) {
            return peer;
        }
        return named(req).flatMap(AddressBlock::literal).orElse(peer);
    }

    /** The address the header names, as text: the last one of all its lines. */
    private Optional<String> named(ServerRequest req) {
        List<String> lines = req.headers().all(header.name, List::of);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String last = lines.getLast();
        return Optional.of(last.substring(last.lastIndexOf(',') + 1).strip());
    }
}
