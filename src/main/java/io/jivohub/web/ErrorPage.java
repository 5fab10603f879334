package io.jivohub.web;

import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;

/**
 * How a problem is answered to a person reading the dashboard in a browser: an HTML page in their language, where
 * every other endpoint answers {@code {"error": …}}. The dashboard supplies it; {@link BrowserErrors} hands it to
 * {@link Responses#error} for every request to a dashboard page, so that the problems found before the dashboard's
 * own code runs (a guess limit, a shutdown, an unexpected failure) are pages too, and {@link TransportErrors} uses
 * it for a request the server could not even route. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ErrorPage {
    /**
     * The page saying that a request with {@code headers} (which name the reader's language) failed with
     * {@code status}; {@code message} is the English detail of the layer that refused it.
     */
    byte[] render(ServerRequestHeaders headers, Status status, String message);
}
