package io.jivohub.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.jivohub.keys.Keys;
import io.jivohub.web.ClientAddress;
import io.jivohub.web.HttpProblem;

/**
 * Who may manage connections. With an admin token configured: requests carrying
 * {@code Authorization: Bearer <token>} (or Basic with the token as password), compared in constant time.
 * Without one: clients on this machine only.
 *
 * <p>One instance guards get_key, the admin API and the dashboard alike. Thread-safe.
 *
 * <p>A loopback request that carries a proxy's forwarding header came from elsewhere through a reverse proxy on
 * this machine, so it counts as remote ({@link ClientAddress#isLocal}); otherwise a proxy would open management to
 * the whole internet.
 */
public final class AdminAccess {
    /** The largest body of a management request; they are all small. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Optional<byte[]> tokenHash;

    public AdminAccess(Optional<String> adminToken) {
        this.tokenHash = adminToken.map(AdminAccess::hash);
    }

    /**
     * @throws HttpProblem 401 for a missing or wrong token (challenging for Bearer and, so that a browser asks for
     *                     it, Basic), 403 for a remote client when no token is set
     */
    void check(ServerRequest req) {
        if (tokenHash.isPresent()) {
            Optional<String> presented = presentedToken(req);
            if (presented.isEmpty() || !MessageDigest.isEqual(hash(presented.get()), tokenHash.get())) {
                throw new HttpProblem(Status.UNAUTHORIZED_401,
                        "this jivohub needs the admin token: send Authorization: Bearer <token>",
                        HeaderValues.create(HeaderNames.WWW_AUTHENTICATE,
                                "Bearer", "Basic realm=\"jivohub admin\", charset=\"UTF-8\""));
            }
        } else if (!ClientAddress.of(req).isLocal()) {
            throw new HttpProblem(Status.FORBIDDEN_403,
                    "connections can only be managed from the machine jivohub runs on; to manage them remotely, "
                            + "start jivohub with --admin-token (or JIVOHUB_ADMIN_TOKEN) and send "
                            + "Authorization: Bearer <token>");
        }
    }

    /**
     * The token of {@code Authorization: Bearer <token>}, or the password of {@code Basic} (any user name), which is
     * how a browser sends it to the dashboard.
     */
    private static Optional<String> presentedToken(ServerRequest req) {
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).strip());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(credentials.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static byte[] hash(String token) {
        return Keys.hash(token);
    }
}
