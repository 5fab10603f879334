package io.jivohub.web;

/**
 * The URL layout of jivohub: every endpoint, the path its service is registered under, and its name in metrics.
 * Routing, the request metrics, the guess limit and the URLs handed to users all read it here, so they cannot
 * disagree about which request belongs to which endpoint.
 *
 * <p>An endpoint serves its own path, and those with parameters the paths below it. Endpoints are declared most
 * specific first, so the first one that serves a path is the one whose service Helidon routes it to (see
 * {@link #of}); a path none serves is answered 404 by the fallback, and labelled {@value #OTHER}.
 */
public enum Endpoint {
    /** {@code POST /jivo/get_key}: a connection's two URLs. */
    GET_KEY("/jivo/get_key", false, "get_key", true),
    /** {@code /jivo/admin/connections[/<id>[/<action>]]}: the admin API. */
    ADMIN_CONNECTIONS("/jivo/admin/connections", true, "admin", true),
    /** {@code POST /jivo/admin/erasure}: deleting one visitor's events. */
    ADMIN_ERASURE("/jivo/admin/erasure", false, "admin", true),
    /** {@code GET /jivo/admin/tables}: whether the Jivo tables are built, and how far a build is. */
    ADMIN_TABLES("/jivo/admin/tables", false, "admin", true),
    /** {@code POST /jivo/admin/rebuild}: building the Jivo tables anew from the stored events. */
    ADMIN_REBUILD("/jivo/admin/rebuild", false, "admin", true),
    /** {@code /jivo/admin[/<page>]}: the dashboard, in a browser. */
    DASHBOARD("/jivo/admin", true, "dashboard", true),
    /** {@code GET /jivo/data/<read key>}: a connection's events as tables. */
    DATA("/jivo/data", true, "data", true),
    /** {@code POST /jivo/<event_name>/<webhook key>}: where Jivo posts. */
    WEBHOOK("/jivo", true, "webhook", true),
    HEALTH("/health", false, "health", false),
    METRICS("/metrics", false, "metrics", false);

    /** The metrics label of a path no endpoint serves. */
    public static final String OTHER = "other";

    private final String path;
    private final boolean below;
    private final String label;
    private final boolean guessLimited;

    Endpoint(String path, boolean below, String label, boolean guessLimited) {
        this.path = path;
        this.below = below;
        this.label = label;
        this.guessLimited = guessLimited;
    }

    /** The path the endpoint's service is registered under. */
    public String path() {
        return path;
    }

    /** Its name in metrics: a fixed word, never the path, which may carry a secret key. */
    public String label() {
        return label;
    }

    /** Whether its 404s count against a client's allowance (see {@link GuessLimit}); health and metrics do not. */
    public boolean guessLimited() {
        return guessLimited;
    }

    /** The absolute URL of {@code segments} below this endpoint, on the server at {@code base} (no trailing slash). */
    public String url(String base, String... segments) {
        StringBuilder url = new StringBuilder(base).append(path);
        for (String segment : segments) {
            url.append('/').append(segment);
        }
        return url.toString();
    }

    /** Whether this endpoint serves {@code requestPath}: its own path, or one below it if it takes parameters. */
    public boolean serves(String requestPath) {
        return requestPath.equals(path)
                || below && requestPath.startsWith(path) && requestPath.charAt(path.length()) == '/';
    }

    /** The endpoint that serves {@code requestPath}, or {@code null} when none does. */
    public static Endpoint of(String requestPath) {
        for (Endpoint endpoint : values()) {
            if (endpoint.serves(requestPath)) {
                return endpoint;
            }
        }
        return null;
    }

    /**
     * Whether {@code requestPath} is a page of the dashboard, read by a person in a browser: its problems are HTML
     * pages, and its content may load the dashboard's own style sheet and script (see {@link SecurityHeaders}).
     */
    public static boolean isBrowserPage(String requestPath) {
        return of(requestPath) == DASHBOARD;
    }

    /** The metrics label of {@code requestPath}: its endpoint's, or {@value #OTHER}. */
    public static String labelOf(String requestPath) {
        Endpoint endpoint = of(requestPath);
        return endpoint == null ? OTHER : endpoint.label;
    }
}
