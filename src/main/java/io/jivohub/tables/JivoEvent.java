package io.jivohub.tables;

import io.jivohub.json.Json;
import io.jivohub.store.EventRecord;
import tools.jackson.databind.JsonNode;

/**
 * A stored Jivo event, read as leniently as Jivo writes them: ids are text whether sent as strings or numbers,
 * objects may be null or missing, an empty string is no value, and fields nobody knows are ignored. Immutable.
 *
 * @param id           the event's id: its place in the order events were stored
 * @param connectionId whose event it is
 * @param name         its type, such as {@code chat_finished}
 * @param receivedAt   epoch milliseconds when jivohub received it
 * @param body         the parsed body
 */
record JivoEvent(long id, long connectionId, String name, long receivedAt, JsonNode body) {

    static JivoEvent of(EventRecord event) {
        return new JivoEvent(event.id(), event.connectionId(), event.eventName(), event.receivedAt(),
                Json.MAPPER.readTree(event.body()));
    }

    /** The node at {@code path} below {@code from}; a missing node when any step is absent. */
    static JsonNode at(JsonNode from, String... path) {
        JsonNode node = from;
        for (String step : path) {
            node = node.path(step);
        }
        return node;
    }

    /**
     * The scalar at {@code path} as text, as Jivo wrote it (a number too), or null when absent, null, empty or
     * only blanks.
     */
    static String text(JsonNode from, String... path) {
        JsonNode node = at(from, path);
        if (!node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asString();
        return text.isBlank() ? null : text;
    }

    /** The whole number at {@code path} (also when sent as text), or null. */
    static Long number(JsonNode from, String... path) {
        String text = text(from, path);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The boolean at {@code path} (also {@code "true"}, {@code 1}), or null. */
    static Boolean bool(JsonNode from, String... path) {
        String text = text(from, path);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    String text(String... path) {
        return text(body, path);
    }

    JsonNode at(String... path) {
        return at(body, path);
    }
}
