package io.jivohub.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.json.Json;
import io.jivohub.json.JsonText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Sends jivohub's answers. Every answer goes through here, so that two rules hold for all of them:
 *
 * <ul>
 *   <li>The answer to a {@code HEAD} request has the status and headers the {@code GET} would get, its
 *       {@code Content-Length} included, and never a body (HTTP forbids one; a client reusing the connection would
 *       read it as the next answer).</li>
 *   <li>When the request's body was not read to its end (rejected by its declared length, or before it was
 *       needed: an unknown URL, a wrong token), the connection closes after the answer. Otherwise what the client
 *       sends next, such as the body it held back for {@code Expect: 100-continue}, would be read as a new
 *       request.</li>
 * </ul>
 */
public final class Responses {
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
    public static final String HTML_UTF8 = "text/html; charset=utf-8";
    private static final byte[] NOTHING = new byte[0];

    private Responses() {
    }

    /** Something that writes one JSON value to a generator. */
    @FunctionalInterface
    public interface JsonBody {
        void writeTo(JsonGenerator json);
    }

    /** Sends {@code body} of {@code contentType} with {@code status}. */
    public static void send(ServerRequest req, ServerResponse res, Status status, String contentType, byte[] body) {
        head(req, res, status, contentType);
        if (isHead(req)) {
            res.contentLength(body.length);
            res.send(NOTHING);
        } else {
            res.send(body);
        }
    }

    /** Sends the JSON {@code body} writes with {@code status}. */
    public static void json(ServerRequest req, ServerResponse res, Status status, JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            body.writeTo(json);
        }
        send(req, res, status, JSON_UTF8, out.toByteArray());
    }

    /** Sends {@code json} with {@code status}, streamed piece by piece. */
    public static void json(ServerRequest req, ServerResponse res, Status status, JsonText json) {
        head(req, res, status, JSON_UTF8);
        res.contentLength(json.size());
        if (isHead(req)) {
            res.send(NOTHING);
            return;
        }
        try (OutputStream out = res.outputStream()) {
            json.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something that writes a body of unknown length to a stream. */
    @FunctionalInterface
    public interface Streamed {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Sends what {@code body} writes with {@code status}, as it writes it (chunked: its length is not known
     * before), compressed for a client that accepts gzip. To a {@code HEAD} request, the same headers and no body.
     */
    public static void stream(ServerRequest req, ServerResponse res, Status status, String contentType,
                              Streamed body) {
        head(req, res, status, contentType);
        boolean gzip = varyByEncoding(req, res);
        if (isHead(req)) {
            res.send(NOTHING);
            return;
        }
        try (OutputStream out = gzip ? new GZIPOutputStream(res.outputStream(), 1 << 16) : res.outputStream()) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code body} as {@link #send} does, compressed for a client that accepts gzip. */
    public static void sendCompressible(ServerRequest req, ServerResponse res, Status status, String contentType,
                                        byte[] body) {
        send(req, res, status, contentType, varyByEncoding(req, res) ? Gzip.compress(body) : body);
    }

    /** Says that the answer depends on {@code Accept-Encoding}; @return whether to compress it */
    private static boolean varyByEncoding(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (!Gzip.accepted(req)) {
            return false;
        }
        res.header(HeaderNames.CONTENT_ENCODING, "gzip");
        return true;
    }

    /**
     * Sends {@code {"error": message}} with {@code status}; to a request for a dashboard page, its
     * {@link ErrorPage} instead.
     */
    public static void error(ServerRequest req, ServerResponse res, Status status, String message) {
        Optional<ErrorPage> page = BrowserErrors.of(req);
        if (page.isPresent()) {
            send(req, res, status, HTML_UTF8, page.get().render(req.headers(), status, message));
            return;
        }
        json(req, res, status, json -> {
            json.writeStartObject();
            json.writeStringProperty("error", message);
            json.writeEndObject();
        });
    }

    private static void head(ServerRequest req, ServerResponse res, Status status, String contentType) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        if (isBodyLeftUnread(req)) {
            res.header(HeaderValues.CONNECTION_CLOSE); // and UnreadBodies closes it
        }
    }

    /** Whether {@code req} has a body that was not read to its end. */
    static boolean isBodyLeftUnread(ServerRequest req) {
        return req.content().hasEntity() && !req.content().consumed();
    }

    /** Whether {@code req} asks for the headers only. */
    public static boolean isHead(ServerRequest req) {
        return req.prologue().method() == Method.HEAD;
    }
}
