package io.jivohub.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers on every response that keep visitors' text harmless in a browser: what a visitor typed into a chat ends
 * up in our answers, and a browser must never run it, guess it is HTML, or frame it. {@code no-referrer} keeps the
 * secret in a URL from leaking to another site through the Referer header.
 *
 * <p>Nothing jivohub answers may load anything, except a dashboard page: it may load the dashboard's own style
 * sheet, script and images (no inline script, nothing from another site) and post forms only to the dashboard.
 */
public final class SecurityHeaders implements Filter {
    static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    /** Everything but the dashboard's pages: no content of any kind runs or loads. */
    static final String NOTHING_LOADS = "default-src 'none'; frame-ancestors 'none'";
    /** The dashboard's pages. */
    static final String OWN_ASSETS_ONLY = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(CONTENT_SECURITY_POLICY, policyFor(req.path().path()));
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        chain.proceed();
    }

    /** The Content-Security-Policy of an answer to {@code requestPath}. */
    static String policyFor(String requestPath) {
        return Endpoint.isBrowserPage(requestPath) ? OWN_ASSETS_ONLY : NOTHING_LOADS;
    }
}
