package io.jivohub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.jivohub.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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
            throw HttpProblem.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(Status.REQUEST_ENTITY_TOO_LARGE_413,
                "the body is larger than the limit of " + limit + " bytes (--max-body-bytes)");
    }
}
