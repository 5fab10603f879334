package io.jivohub.web;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Routing rules every jivohub endpoint shares: {@code GET} routes that answer {@code HEAD} too, JSON errors, 405
 * for wrong methods, 404 for unknown paths, 503 with {@code Retry-After}.
 */
public final class Routes {
    private static final Logger LOG = System.getLogger(Routes.class.getName());
    /** Seconds a client should wait before retrying a request that got 503. */
    private static final String RETRY_AFTER_SECONDS = "5";

    private Routes() {
    }

    /** Routes {@code GET} and {@code HEAD} of {@code path} to {@code handler} (HEAD answers have no body). */
    public static HttpRules get(HttpRules rules, String path, Handler handler) {
        return rules.get(path, handler).head(path, handler);
    }

    /** A handler that answers 405 naming {@code allowed}, the methods the path takes. */
    public static Handler methodNotAllowed(String... allowed) {
        List<String> methods = List.of(allowed);
        String allow = String.join(", ", methods);
        String message = "this URL only takes " + (methods.size() == 1 ? allow
                : String.join(", ", methods.subList(0, methods.size() - 1)) + " or " + methods.getLast());
        return (req, res) -> {
            throw new HttpProblem(Status.METHOD_NOT_ALLOWED_405, message, HeaderValues.create(HeaderNames.ALLOW, allow));
        };
    }

    /** Answers 503 with {@code Retry-After}: nothing was done, and trying again later may work. */
    public static void unavailable(ServerRequest req, ServerResponse res, String message) {
        res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Responses.error(req, res, Status.SERVICE_UNAVAILABLE_503, message);
    }

    /** Adds the error handlers, and a JSON 404 for every path no earlier rule took. */
    public static void errorsAndFallback(HttpRouting.Builder routing) {
        routing.error(HttpProblem.class, Routes::problem)
                .error(Exception.class, Routes::unexpected)
                .any((req, res) -> Responses.error(req, res, Status.NOT_FOUND_404, "no such endpoint"));
    }

    private static void problem(ServerRequest req, ServerResponse res, HttpProblem problem) {
        problem.headers().forEach(res::header);
        Responses.error(req, res, problem.status(), problem.getMessage());
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        // The request path is left out on purpose: it may carry a secret key.
        LOG.log(Level.ERROR, "request failed: " + MethodLabel.of(req.prologue().method()), e);
        Responses.error(req, res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
    }
}
