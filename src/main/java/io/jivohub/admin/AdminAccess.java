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
import io.jivohub.web.HttpProblem;

/**
 * Who may manage connections: requests carrying the {@link AdminToken} as {@code Authorization: Bearer <token>} (or
 * as the password of Basic, which is how a browser sends it), compared by hash in constant time. Nobody else, from
 * wherever: a request through a proxy on the same machine looks local, so being local proves nothing.
 *
 * <p>One instance guards get_key, the admin API and the dashboard alike. A wrong token is a 401, which counts
 * against the client's allowance of guesses like a 404 does. Thread-safe.
 */
public final class AdminAccess {
    /** The largest body of a management request; they are all small. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final byte[] tokenHash;

    public AdminAccess(AdminToken token) {
        this.tokenHash = Keys.hash(token.value());
    }

    /**
     * @throws HttpProblem 401 for a missing or wrong token, challenging for Bearer and, so that a browser asks for
     *                     it, Basic
     */
    void check(ServerRequest req) {
        Optional<String> presented = presentedToken(req);
        if (presented.isEmpty() || !isToken(presented.get())) {
            throw new HttpProblem(Status.UNAUTHORIZED_401, "this needs the admin token: send Authorization: Bearer"
                    + " <token>, the token of --admin-token or the one jivohub made at its first start and keeps in"
                    + " admin-token beside its database",
                    HeaderValues.create(HeaderNames.WWW_AUTHENTICATE,
                            "Bearer", "Basic realm=\"jivohub admin\", charset=\"UTF-8\""));
        }
    }

    /** Whether {@code presented} is the admin token: compared by hash, in constant time. */
    public boolean isToken(String presented) {
        return MessageDigest.isEqual(Keys.hash(presented), tokenHash);
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
}
