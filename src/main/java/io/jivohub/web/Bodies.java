package io.jivohub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/** Reads request bodies within a size limit. */
public final class Bodies {
    private Bodies() {
    }

    /**
     * Reads the whole body of {@code req}, at most {@code limit} bytes.
     *
     * @throws HttpProblem 413 when the body is larger than {@code limit}, whether or not it declared its length
     */
    public static byte[] read(ServerRequest req, int limit) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(limit);
            if (in.read() != -1) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(Status.REQUEST_ENTITY_TOO_LARGE_413,
                "the body is larger than the limit of " + limit + " bytes (--max-body-bytes)");
    }
}
