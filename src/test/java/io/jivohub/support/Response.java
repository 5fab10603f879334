package io.jivohub.support;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;

/** An HTTP response as the client saw it. */
public record Response(int status, HttpHeaders headers, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        return Json.MAPPER.readTree(body);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
