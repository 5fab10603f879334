package io.jivohub.web;

import java.util.Locale;
import java.util.Map;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.jivohub.json.Json;

/**
 * Answers requests the server rejects before routing (a malformed request line or header, a URI or headers too
 * long) in jivohub's shape, {@code {"error": …}}, like every other rejection.
 *
 * <p>Helidon reports some unreadable requests (a method that is not an HTTP token, for one) as an internal error
 * (500). Nothing of jivohub has run at that point, only the parsing of the client's bytes, so it is the client's
 * mistake and gets 400 here. The message is the status's reason only: the request itself may carry a secret key
 * in its path, and is never echoed. The answer to a {@code HEAD} request has no body, as everywhere. A request for
 * a dashboard page gets its {@link ErrorPage}.
 */
public final class TransportErrors implements DirectHandler {
    private final ErrorPage page;

    public TransportErrors(ErrorPage page) {
        this.page = page;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                    ServerResponseHeaders headers, String message) {
        Status answer = type == EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status;
        String reason = "the request is not valid HTTP: " + answer.reasonPhrase().toLowerCase(Locale.ROOT);
        String path = request.path().split("\\?", 2)[0];
        boolean browserPage = Endpoint.isBrowserPage(path);
        headers.set(HeaderNames.CONTENT_TYPE, browserPage ? Responses.HTML_UTF8 : Responses.JSON_UTF8);
        headers.set(SecurityHeaders.CONTENT_SECURITY_POLICY, SecurityHeaders.policyFor(path));
        TransportResponse.Builder response = TransportResponse.builder()
                .status(answer)
                .headers(headers)
                .keepAlive(false);
        if (!Method.HEAD.text().equals(request.method())) {
            response.entity(browserPage ? page.render(request.headers(), answer, reason)
                    : Json.MAPPER.writeValueAsBytes(Map.of("error", reason)));
        }
        return response.build();
    }
}
