package io.jivohub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.CharacterCodingException;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.jivohub.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies within a size limit.
 *
 * <p>A body that cannot be read is the client's doing, never a server error: malformed chunked framing gets a 400,
 * a client that hangs up mid-body gets nothing (there is nobody left to answer), and each logs one line, no stack
 * trace, so that no client can fill the disk through the log (repeated lines are thinned out besides, see
 * {@code LogRateLimit}). Either way the rest of the connection is not read: see {@link UnreadBodies}.
 */
public final class Bodies {
    private static final Logger LOG = System.getLogger(Bodies.class.getName());
    /** Where {@link #read} leaves the body's stream, for {@link #drain} to read on. */
    private static final String STREAM = Bodies.class.getName() + ".stream";

    private Bodies() {
    }

    /**
     * Reads the whole body of {@code req}, at most {@code limit} bytes.
     *
     * @throws HttpProblem              413 when the body is larger than {@code limit}, whether or not it declared its
     *                                  length; 400 when its framing is malformed
     * @throws CloseConnectionException when the client hung up before sending all of it
     */
    public static byte[] read(ServerRequest req, int limit) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        boolean larger;
        // Not closed: closing would read on to the body's end, which a malformed or endless body never reaches.
        // Either the body was read to its end, or the rest stays unread and the connection closes (UnreadBodies).
        InputStream in = req.content().inputStream();
        req.context().register(STREAM, in);
        try {
            body = in.readNBytes(limit);
            larger = in.read() != -1;
        } catch (CloseConnectionException e) {
            throw e;
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            LOG.log(Level.INFO, "a client hung up before sending all of its request body");
            throw new CloseConnectionException("the client hung up mid-body", e);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "a request body could not be read: its length or chunked framing is malformed");
            throw HttpProblem.badRequest("the body could not be read: its length or chunked framing is malformed");
        }
        if (larger) {
            throw tooLarge(limit);
        }
        return body;
    }

    /**
     * Reads a request body that must be one JSON object, at most {@code limit} bytes.
     *
     * @param expected what the object should hold, for the message of the 400, such as "account_name and event_name"
     * @throws HttpProblem 400 saying what is wrong with the body, 413 when it is too large
     */
    public static JsonNode readJsonObject(ServerRequest req, int limit, String expected) {
        byte[] body = read(req, limit);
        try {
            Json.requireUtf8(body);
            JsonNode request = Json.MAPPER.readTree(body);
            if (request == null || !request.isObject()) {
                throw HttpProblem.badRequest("the body must be a JSON object with " + expected);
            }
            return request;
        } catch (CharacterCodingException e) {
            throw HttpProblem.badRequest("the body is not UTF-8 text: " + e.getMessage());
        } catch (JacksonException e) {
            throw HttpProblem.badRequest("the body is not valid JSON: " + Json.describe(e));
        }
    }

    /**
     * Reads and drops what is left of the body of {@code req}, at most {@code limit} bytes, before its connection
     * closes: a client still sending the body then hears the answer (closing a connection with data unread resets
     * it, and the answer in flight can be lost with it). Nothing is read while the client waits for
     * {@code 100 Continue}, since it has sent nothing and must not be invited to. Errors end the draining quietly:
     * the connection closes either way.
     */
    static void drain(ServerRequest req, long limit) {
        if (!req.continueSent()) {
            return;
        }
        try {
            InputStream in = req.context().get(STREAM, InputStream.class).orElseGet(() -> req.content().inputStream());
            byte[] discard = new byte[8192];
            long left = limit;
            for (int read = 0; left > 0 && read != -1; left -= Math.max(read, 0)) {
                read = in.read(discard, 0, (int) Math.min(discard.length, left));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "stopped draining a request body: " + e.getClass().getSimpleName());
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(Status.REQUEST_ENTITY_TOO_LARGE_413,
                "the body is larger than the limit of " + limit + " bytes (--max-body-bytes)");
    }
}
