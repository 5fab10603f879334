package io.jivohub.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/** Writes jivohub's JSON responses. */
public final class Responses {
    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    private Responses() {
    }

    /** Something that writes one JSON value to a generator. */
    @FunctionalInterface
    public interface JsonBody {
        void writeTo(JsonGenerator json);
    }

    /** Sends {@code body} as the JSON response with {@code status}, streamed straight to the client. */
    public static void json(ServerResponse res, Status status, JsonBody body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON_UTF8);
        try (OutputStream out = res.outputStream();
             JsonGenerator json = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code {"error": message}} with {@code status}. */
    public static void error(ServerResponse res, Status status, String message) {
        json(res, status, json -> {
            json.writeStartObject();
            json.writeStringProperty("error", message);
            json.writeEndObject();
        });
    }
}
