package io.jivohub.ui;

import java.util.Map;

import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.jivohub.web.ErrorPage;

/**
 * The dashboard's error page: the status and what it means, in the reader's language, and the way back. A problem
 * found below the dashboard (an unknown URL, the guess limit, a shutdown, a request the server could not read)
 * comes with an English detail meant for API clients; a person is told what its status means in their language
 * instead ({@code error.status.<code>} in the bundles), and gets the English detail only for a status without one.
 * Thread-safe.
 */
public final class ErrorPages implements ErrorPage {
    @Override
    public byte[] render(ServerRequestHeaders headers, Status status, String message) {
        Page page = Page.of(headers, null);
        String key = "error.status." + status.code();
        return page(page, status, page.words().has(key) ? page.t(key) : message);
    }

    /** The page saying {@code message}, already in the reader's language. */
    static byte[] page(Page page, Status status, String message) {
        return Templates.render("error.jte", Map.of("page", page, "status", status.code(), "message", message));
    }
}
