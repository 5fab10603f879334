package io.jivohub.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Serves each URL under one spelling only. Helidon routes a path after decoding and normalising it, so
 * {@code /jivo/all%2F<key>}, {@code /jivo/%61ll/<key>} or {@code /jivo/x/../all/<key>} would reach the same webhook
 * as {@code /jivo/all/<key>}, under a spelling that caches, logs and proxies treat as another URL. jivohub's URLs
 * need no escapes, dot segments, empty segments, path parameters or trailing slash, so any path that has one is
 * answered 404, like any unknown URL (and counts against the client's allowance).
 */
public final class CanonicalPaths implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (isCanonical(req.prologue().uriPath().rawPath())) {
            chain.proceed();
        } else {
            Responses.error(req, res, Status.NOT_FOUND_404, "no such endpoint");
        }
    }

    /** Whether {@code rawPath}, as the client sent it, is the one spelling of its URL. */
    static boolean isCanonical(String rawPath) {
        if (rawPath.equals("/")) {
            return true;
        }
        if (!rawPath.startsWith("/") || rawPath.endsWith("/")) {
            return false;
        }
        for (String segment : rawPath.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.indexOf('%') >= 0 || segment.indexOf(';') >= 0) {
                return false;
            }
        }
        return true;
    }
}
