package io.jivohub.web;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.StoreUnavailableException;

/** Routing rules every jivohub endpoint shares: JSON errors, 405 for wrong methods, 404 for unknown paths. */
public final class Routes {
    private static final Logger LOG = System.getLogger(Routes.class.getName());
    /** Seconds a client should wait before retrying when the store is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    private Routes() {
    }

    /** A handler that answers 405 naming {@code allowed}, the one method the path takes. */
    public static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            throw new HttpProblem(Status.METHOD_NOT_ALLOWED_405, "this URL only takes " + allowed,
                    HeaderValues.create(HeaderNames.ALLOW, allowed));
        };
    }

    /** Adds the error handlers, and a JSON 404 for every path no earlier rule took. */
    public static void errorsAndFallback(HttpRouting.Builder routing) {
        routing.error(HttpProblem.class, Routes::problem)
                .error(StoreUnavailableException.class, Routes::storeUnavailable)
                .error(Exception.class, Routes::unexpected)
                .any((req, res) -> Responses.error(res, Status.NOT_FOUND_404, "no such endpoint"));
    }

    private static void problem(ServerRequest req, ServerResponse res, HttpProblem problem) {
        problem.headers().forEach(res::header);
        Responses.error(res, problem.status(), problem.getMessage());
    }

    private static void storeUnavailable(ServerRequest req, ServerResponse res, StoreUnavailableException e) {
        res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Responses.error(res, Status.SERVICE_UNAVAILABLE_503,
                "not stored, try again later: " + e.getMessage());
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        // The request path is left out on purpose: it may carry a secret key.
        LOG.log(Level.ERROR, "request failed: " + req.prologue().method().text(), e);
        Responses.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
    }
}
