package io.jivohub.web;

import java.util.Optional;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Marks a request to a dashboard page ({@link Endpoint#isBrowserPage}) with the {@link ErrorPage} its problems are
 * answered with, for {@link Responses#error} to find. The first filter, so that even a refusal by a later one is a
 * page.
 */
public final class BrowserErrors implements Filter {
    private final ErrorPage page;

    public BrowserErrors(ErrorPage page) {
        this.page = page;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (Endpoint.isBrowserPage(req.path().path())) {
            req.context().register(ErrorPage.class, page);
        }
        chain.proceed();
    }

    /** The error page of {@code req}, when it is a request to a dashboard page. */
    static Optional<ErrorPage> of(ServerRequest req) {
        return req.context().get(ErrorPage.class, ErrorPage.class);
    }
}
