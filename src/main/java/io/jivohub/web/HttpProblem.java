package io.jivohub.web;

import java.util.List;

import io.helidon.http.Header;
import io.helidon.http.Status;

/**
 * A request that cannot be served, with the status and the message the client gets as {@code {"error": message}}.
 * Handlers throw it; the routing's error handler writes it, so every rejection has the same shape.
 */
public final class HttpProblem extends RuntimeException {
    private final Status status;
    private final List<Header> headers;

    public HttpProblem(Status status, String message, Header... headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = List.of(headers);
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(Status.BAD_REQUEST_400, message);
    }

    public Status status() {
        return status;
    }

    /** Headers the response carries besides the body, such as {@code Allow} or {@code WWW-Authenticate}. */
    public List<Header> headers() {
        return headers;
    }
}
