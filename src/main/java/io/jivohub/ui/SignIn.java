package io.jivohub.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.admin.AdminAccess;
import io.jivohub.keys.Sha256;
import io.jivohub.store.DashboardSessions;

/**
 * Who is signed in to the dashboard, and the forms they may post.
 *
 * <p>Signing in takes the admin token once; the browser then holds a session cookie: a random id
 * ({@value #ID_BYTES} bytes), {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site's page
 * sends it), {@code Secure} when the public URL is https, for {@link #LIFETIME}. The store keeps only the id's
 * hash ({@link DashboardSessions}), so every instance knows the session and signing out ends it everywhere.
 *
 * <p>Every form carries a token against cross-site requests: for a session, a hash of its id, which only a page
 * the session was shown can know; before signing in, a random value that is also in a cookie of its own (the
 * sign-in form is posted with both, and they must match). Tokens are compared in constant time.
 *
 * <p>Thread-safe.
 */
public final class SignIn {
    /** How long a session lasts: a working day; then the dashboard asks for the token again. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    static final String SESSION_COOKIE = "jivohub_session";
    static final String FORM_COOKIE = "jivohub_form";
    static final String PATH = "/jivo/admin";
    private static final int ID_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in browser: its session id, and the token its forms carry. */
    public record Session(String id) {
        public String formToken() {
            return token("form " + id);
        }

        byte[] idHash() {
            return Sha256.of(id.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final AdminAccess access;
    private final DashboardSessions sessions;
    private final boolean secureCookies;

    /** @param secureCookies whether the dashboard is served over https, so its cookies may say {@code Secure} */
    public SignIn(AdminAccess access, DashboardSessions sessions, boolean secureCookies) {
        this.access = access;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    /** The browser's session, when it is signed in. */
    Optional<Session> session(ServerRequest req) {
        return cookie(req, SESSION_COOKIE).filter(SignIn::isWellFormed).map(Session::new)
                .filter(session -> sessions.isValid(session.idHash(), System.currentTimeMillis()));
    }

    /** Whether {@code token} is the admin token. */
    boolean isAdminToken(String token) {
        return access.isToken(token);
    }

    /** Signs the browser in: a new session, and its cookie on {@code res}. */
    Session start(ServerResponse res) {
        Session session = new Session(randomId());
        long now = System.currentTimeMillis();
        sessions.start(session.idHash(), now, now + LIFETIME.toMillis());
        res.headers().addCookie(cookie(SESSION_COOKIE, session.id(), LIFETIME));
        res.headers().clearCookie(cookie(FORM_COOKIE, "", Duration.ZERO));
        return session;
    }

    /** Signs the browser out: its session ends, and its cookie goes. */
    void end(Session session, ServerResponse res) {
        sessions.end(session.idHash());
        res.headers().clearCookie(cookie(SESSION_COOKIE, "", Duration.ZERO));
    }

    /** The token the sign-in form carries: the one in the browser's cookie, or a new one set on {@code res}. */
    String signInFormToken(ServerRequest req, ServerResponse res) {
        Optional<String> known = cookie(req, FORM_COOKIE).filter(SignIn::isWellFormed);
        if (known.isPresent()) {
            return known.get();
        }
        String token = randomId();
        res.headers().addCookie(cookie(FORM_COOKIE, token, Duration.ofHours(1)));
        return token;
    }

    /** Whether {@code posted} is the sign-in form token in the browser's cookie. */
    boolean isSignInForm(ServerRequest req, String posted) {
        String expected = cookie(req, FORM_COOKIE).filter(SignIn::isWellFormed).orElse(null);
        return expected != null && same(expected, posted);
    }

    /** Whether {@code posted} is the session's form token. */
    static boolean isSessionForm(Session session, String posted) {
        return same(session.formToken(), posted);
    }

    private static boolean same(String expected, String posted) {
        return posted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                posted.getBytes(StandardCharsets.UTF_8));
    }

    private SetCookie cookie(String name, String value, Duration maxAge) {
        return SetCookie.builder(name, value).path(PATH).maxAge(maxAge).httpOnly(true).secure(secureCookies)
                .sameSite(SetCookie.SameSite.STRICT).build();
    }

    private static Optional<String> cookie(ServerRequest req, String name) {
        return req.headers().cookies().first(name).asOptional();
    }

    private static String randomId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String token(String of) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(of.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean isWellFormed(String id) {
        return id.length() == 43 && id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }
}
