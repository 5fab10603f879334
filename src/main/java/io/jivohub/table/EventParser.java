package io.jivohub.table;

import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jivohub.web.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns a webhook body into its table row: validates it and applies the column rules in one streaming pass.
 *
 * <p>Values keep their text: strings as sent, numbers exactly as written ({@code 1665399500726}, {@code 37.7898}),
 * booleans as {@code true}/{@code false}; an array becomes one value of compact JSON. {@code null} is the same as a
 * missing field, so a {@code null} or empty object makes no column. New fields get columns by the same rules, and
 * nothing is dropped: when two paths reach one column name, the shallower path keeps it (top-level fields first,
 * then document order) and the other takes its {@linkplain ColumnNames#fullName full name}, then a numeric suffix.
 *
 * <p>Used on the way in (to validate and answer) and on the way out (to build tables from the stored bytes), so a
 * table always follows the current rules. Stateless and thread-safe.
 */
public final class EventParser {
    /** Columns every table has, filled by jivohub rather than by a payload field of that name. */
    public static final Set<String> RESERVED_COLUMNS = Set.of("event_id", "received_at", "event_name");

    private static final int MAX_CHAT_ID_LENGTH = 100;
    private static final int MAX_ERROR_DETAIL = 200;

    private EventParser() {
    }

    /**
     * Parses {@code body}.
     *
     * @throws InvalidEventException when the body is empty, not UTF-8, not JSON, not a JSON object, or has an
     *                               {@code event_name} that is not a string
     */
    public static ParsedEvent parse(byte[] body) throws InvalidEventException {
        if (body.length == 0) {
            throw new InvalidEventException("the body is empty; expected a JSON object");
        }
        try {
            Json.requireUtf8(body);
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("the body is not UTF-8 text: " + e.getMessage());
        }
        List<Leaf> leaves = new ArrayList<>();
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("the body must be a JSON object");
            }
            readObject(parser, List.of(), leaves);
            if (parser.nextToken() != null) {
                throw new InvalidEventException("the body has more data after its JSON object");
            }
        } catch (JacksonException e) {
            throw new InvalidEventException("the body is not valid JSON: " + describe(e));
        }
        return toEvent(leaves);
    }

    private record Leaf(List<String> path, JsonToken kind, String value) {
        boolean isTopLevel(String name) {
            return path.size() == 1 && path.getFirst().equals(name);
        }
    }

    private static void readObject(JsonParser parser, List<String> path, List<Leaf> leaves) {
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            List<String> fieldPath = append(path, name);
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_OBJECT -> readObject(parser, fieldPath, leaves);
                case START_ARRAY -> leaves.add(new Leaf(fieldPath, token, compactJson(parser)));
                case VALUE_NULL -> {
                }
                default -> leaves.add(new Leaf(fieldPath, token, parser.getString()));
            }
        }
    }

    /** Re-writes the array at the parser's position as compact JSON, numbers keeping their original text. */
    private static String compactJson(JsonParser parser) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
            int depth = 0;
            JsonToken token = parser.currentToken();
            while (true) {
                switch (token) {
                    case START_ARRAY -> {
                        out.writeStartArray();
                        depth++;
                    }
                    case START_OBJECT -> {
                        out.writeStartObject();
                        depth++;
                    }
                    case END_ARRAY -> {
                        out.writeEndArray();
                        depth--;
                    }
                    case END_OBJECT -> {
                        out.writeEndObject();
                        depth--;
                    }
                    case PROPERTY_NAME -> out.writeName(parser.currentName());
                    case VALUE_STRING -> out.writeString(parser.getString());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(parser.getString());
                    case VALUE_TRUE, VALUE_FALSE -> out.writeBoolean(token == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> out.writeNull();
                    default -> throw new IllegalStateException("unexpected token " + token);
                }
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
            }
        }
        return text.toString();
    }

    private static ParsedEvent toEvent(List<Leaf> leaves) throws InvalidEventException {
        leaves.sort(Comparator.comparingInt(leaf -> leaf.path().size()));
        Map<String, String> columns = new LinkedHashMap<>();
        String eventName = null;
        String chatId = null;
        for (Leaf leaf : leaves) {
            if (leaf.isTopLevel("event_name")) {
                if (leaf.kind() != JsonToken.VALUE_STRING) {
                    throw new InvalidEventException("event_name must be a string");
                }
                eventName = leaf.value();
                continue;
            }
            if (leaf.isTopLevel("chat_id") && leaf.kind() != JsonToken.START_ARRAY) {
                chatId = indexable(leaf.value());
            }
            columns.put(freeName(leaf.path(), columns), leaf.value());
        }
        return new ParsedEvent(eventName, chatId, columns);
    }

    private static String freeName(List<String> path, Map<String, String> taken) {
        String name = ColumnNames.of(path);
        if (isFree(name, taken)) {
            return name;
        }
        String full = ColumnNames.fullName(path);
        name = full;
        for (int suffix = 2; !isFree(name, taken); suffix++) {
            name = full + "_" + suffix;
        }
        return name;
    }

    private static boolean isFree(String name, Map<String, String> taken) {
        return !RESERVED_COLUMNS.contains(name) && !taken.containsKey(name);
    }

    /** A chat id goes into the index only when it looks like one; it stays in the columns either way. */
    private static String indexable(String chatId) {
        if (chatId.isEmpty() || chatId.length() > MAX_CHAT_ID_LENGTH
                || chatId.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return chatId;
    }

    private static List<String> append(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return List.copyOf(longer);
    }

    private static String describe(JacksonException e) {
        String detail = e.getOriginalMessage();
        if (detail.length() > MAX_ERROR_DETAIL) {
            detail = detail.substring(0, MAX_ERROR_DETAIL) + "…";
        }
        TokenStreamLocation at = e.getLocation();
        return at == null ? detail : detail + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
