package io.jivohub.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers on every response that keep visitors' text harmless in a browser: what a visitor typed into a chat ends
 * up in our answers, and a browser must never run it, guess it is HTML, or frame it. {@code no-referrer} keeps the
 * secret in a URL from leaking to another site through the Referer header.
 */
public final class SecurityHeaders implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        chain.proceed();
    }
}
