package io.jivohub.answer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a webhook answer that Jivo shows the agent, checked: {@code custom_data} (at most
 * {@value #MAX_CUSTOM_DATA} entries of {@code title}, {@code key}, {@code content}, {@code link}),
 * {@code contact_info} ({@code name}, {@code phone}, {@code email}, {@code description}), {@code enable_assign},
 * {@code crm_link} and {@code page} ({@code url}, {@code title}). Texts hold at most {@value #MAX_TEXT} characters,
 * and links are {@code http(s)://} addresses of at most {@value #MAX_URL}, so that an answer cannot put a
 * {@code javascript:} link before an agent. A {@code null} is the same as a missing field, and {@code result} is
 * left out: jivohub answers {@code "ok"} itself.
 *
 * <p>One rule for both kinds of answer, with one difference: a field Jivo does not know is refused in a static
 * answer (an admin's typo should be told) and dropped from a responder's (its other fields still count).
 */
public final class AnswerFields {
    public static final int MAX_CUSTOM_DATA = 10;
    public static final int MAX_TEXT = 1000;
    public static final int MAX_URL = 2048;
    /** The fields that hold a link. */
    static final Set<String> URL_FIELDS = Set.of("crm_link", "link", "url");
    private static final List<String> KNOWN = List.of("custom_data", "contact_info", "enable_assign", "crm_link",
            "page");
    private static final List<String> CUSTOM_DATA = List.of("title", "key", "content", "link");
    private static final List<String> CONTACT_INFO = List.of("name", "phone", "email", "description");
    private static final List<String> PAGE = List.of("url", "title");

    private AnswerFields() {
    }

    /**
     * The fields of {@code answer} that Jivo shows the agent.
     *
     * @param strict whether a field Jivo does not know is an error (or dropped)
     * @throws InvalidAnswerException naming the first field that is wrong
     */
    public static ObjectNode checked(JsonNode answer, boolean strict) throws InvalidAnswerException {
        if (answer == null || !answer.isObject()) {
            throw new InvalidAnswerException("must be a JSON object of the fields Jivo shows the agent: " + KNOWN);
        }
        ObjectNode checked = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : answer.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull() || name.equals("result")) {
                continue;
            }
            switch (name) {
                case "custom_data" -> checked.set(name, customData(value, strict));
                case "contact_info" -> checked.set(name, object(name, value, CONTACT_INFO, null, strict));
                case "page" -> checked.set(name, object(name, value, PAGE, "url", strict));
                case "crm_link" -> checked.put(name, text(name, name, value));
                case "enable_assign" -> {
                    if (!value.isBoolean()) {
                        throw new InvalidAnswerException("enable_assign must be true or false");
                    }
                    checked.put(name, value.booleanValue());
                }
                default -> {
                    if (strict) {
                        throw new InvalidAnswerException(name + " is not a field Jivo shows the agent; use some of "
                                + KNOWN);
                    }
                }
            }
        }
        return checked;
    }

    private static ArrayNode customData(JsonNode value, boolean strict) throws InvalidAnswerException {
        if (!value.isArray()) {
            throw new InvalidAnswerException("custom_data must be a list of {\"title\", \"key\", \"content\","
                    + " \"link\"} entries");
        }
        if (value.size() > MAX_CUSTOM_DATA) {
            throw new InvalidAnswerException("custom_data has " + value.size() + " entries; Jivo shows at most "
                    + MAX_CUSTOM_DATA);
        }
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (int i = 0; i < value.size(); i++) {
            entries.add(object("custom_data[" + i + "]", value.get(i), CUSTOM_DATA, "content", strict));
        }
        return entries;
    }

    /** An object of text fields {@code fields}, {@code required} among them unless it is null. */
    private static ObjectNode object(String where, JsonNode value, List<String> fields, String required,
                                     boolean strict) throws InvalidAnswerException {
        if (!value.isObject()) {
            throw new InvalidAnswerException(where + " must be an object of " + fields);
        }
        ObjectNode checked = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String name = field.getKey();
            if (!fields.contains(name)) {
                if (strict) {
                    throw new InvalidAnswerException(where + "." + name + " is not a field Jivo knows; use some of "
                            + fields);
                }
            } else if (!field.getValue().isNull()) {
                checked.put(name, text(where + "." + name, name, field.getValue()));
            }
        }
        if (required != null && !checked.has(required)) {
            throw new InvalidAnswerException(where + "." + required + " is missing");
        }
        return checked;
    }

    private static String text(String where, String name, JsonNode value) throws InvalidAnswerException {
        if (!value.isString()) {
            throw new InvalidAnswerException(where + " must be a string");
        }
        String text = value.asString();
        if (!URL_FIELDS.contains(name)) {
            if (text.length() > MAX_TEXT) {
                throw new InvalidAnswerException(where + " is longer than " + MAX_TEXT + " characters");
            }
            return text;
        }
        String scheme = text.length() < 8 ? "" : text.substring(0, 8).toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("http://") && !scheme.equals("https://") || text.length() > MAX_URL
                || text.chars().anyMatch(c -> c <= ' ')) {
            throw new InvalidAnswerException(where + " must be an http:// or https:// address of at most " + MAX_URL
                    + " characters, without spaces");
        }
        return text;
    }
}
