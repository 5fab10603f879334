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
 * in its path, and is never echoed. The answer to a {@code HEAD} request has no body, as everywhere.
 */
public final class TransportErrors implements DirectHandler {
    @Override
    public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                    ServerResponseHeaders headers, String message) {
        Status answer = type == EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status;
        headers.set(HeaderNames.CONTENT_TYPE, Responses.JSON_UTF8);
        String reason = "the request is not valid HTTP: " + answer.reasonPhrase().toLowerCase(Locale.ROOT);
        TransportResponse.Builder response = TransportResponse.builder()
                .status(answer)
                .headers(headers)
                .keepAlive(false);
        if (!Method.HEAD.text().equals(request.method())) {
            response.entity(Json.MAPPER.writeValueAsBytes(Map.of("error", reason)));
        }
        return response.build();
    }
}
