package io.jivohub.ui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;

/**
 * A posted HTML form ({@code application/x-www-form-urlencoded}): its fields by name, each given once. Immutable.
 */
record Form(Map<String, String> fields) {
    private static final int MAX_BYTES = 64 * 1024;

    /** @throws HttpProblem 400 for a body that is not such a form, or names a field twice */
    static Form read(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw HttpProblem.badRequest("this address takes a form of the dashboard's pages");
        }
        String body = new String(Bodies.read(req, MAX_BYTES), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (fields.put(name, value) != null) {
                throw HttpProblem.badRequest("the form names " + name + " twice");
            }
        }
        return new Form(Map.copyOf(fields));
    }

    /** The field's value, or null when the form has none. */
    String get(String name) {
        return fields.get(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("the form is not URL-encoded");
        }
    }
}
