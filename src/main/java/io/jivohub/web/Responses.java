package io.jivohub.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.json.Json;
import io.jivohub.json.JsonText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Sends jivohub's answers. Every answer goes through here, so that one rule holds for all of them: the answer to a
 * {@code HEAD} request has the status and headers the {@code GET} would get, its {@code Content-Length} included,
 * and never a body (HTTP forbids one; a client reusing the connection would read it as the next answer).
 */
public final class Responses {
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
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
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
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
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON_UTF8);
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

    /** Sends {@code {"error": message}} with {@code status}. */
    public static void error(ServerRequest req, ServerResponse res, Status status, String message) {
        json(req, res, status, json -> {
            json.writeStartObject();
            json.writeStringProperty("error", message);
            json.writeEndObject();
        });
    }

    /** Whether {@code req} asks for the headers only. */
    public static boolean isHead(ServerRequest req) {
        return req.prologue().method() == Method.HEAD;
    }
}
