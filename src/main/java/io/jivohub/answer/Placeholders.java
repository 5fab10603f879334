package io.jivohub.answer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills the {@code {placeholders}} of a static answer from the event: {@code {visitor.email}} is the event's
 * {@code visitor.email}, a path of field names from the top of the event as Jivo sent it (a number picks an entry
 * of a list: {@code {agents.0.name}}). A string, number or boolean is its text; a field that is missing, null, an
 * object or a list is empty. Inside a link a value is percent-encoded, so that it stays one part of the address
 * ({@code q={visitor.email}} stays a query). A {@code custom_data} entry whose content comes out empty is left
 * out: the agent would see a heading with nothing under it. Any other brace is text.
 *
 * <p>The values may make a field longer than Jivo takes ({@link AnswerFields}): a text is then cut to
 * {@value AnswerFields#MAX_TEXT} characters, its last one {@code …}, and a link is left out, as is a {@code page}
 * left without its {@code url}: cut short, a link would lead somewhere else.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)}");

    private Placeholders() {
    }

    /** {@code answer} (checked by {@link AnswerFields}) with its placeholders filled from {@code event}. */
    static ObjectNode fill(ObjectNode answer, JsonNode event) {
        ObjectNode filled = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : answer.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                ArrayNode entries = filled.putArray(field.getKey());
                for (JsonNode entry : value) {
                    ObjectNode filledEntry = fill((ObjectNode) entry, event);
                    if (!filledEntry.path("content").asString("").isEmpty()) {
                        entries.add(filledEntry);
                    }
                }
            } else if (value.isObject()) {
                ObjectNode filledObject = fill((ObjectNode) value, event);
                if (!field.getKey().equals("page") || filledObject.has("url")) {
                    filled.set(field.getKey(), filledObject);
                }
            } else if (value.isString()) {
                boolean link = AnswerFields.URL_FIELDS.contains(field.getKey());
                String text = fill(value.asString(), event, link);
                if (!link) {
                    filled.put(field.getKey(), cut(text));
                } else if (text.length() <= AnswerFields.MAX_URL) {
                    filled.put(field.getKey(), text);
                }
            } else {
                filled.set(field.getKey(), value);
            }
        }
        return filled;
    }

    /** {@code template} with each placeholder replaced by its value in {@code event}, encoded when in a link. */
    static String fill(String template, JsonNode event, boolean inLink) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = valueAt(event, placeholder.group(1));
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(inLink
                    ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20") : value));
        }
        return placeholder.appendTail(filled).toString();
    }

    /** {@code text}, or as much of it as Jivo takes with {@code …} after it, never half a character. */
    private static String cut(String text) {
        if (text.length() <= AnswerFields.MAX_TEXT) {
            return text;
        }
        int end = AnswerFields.MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String valueAt(JsonNode event, String path) {
        JsonNode node = event;
        for (String name : path.split("\\.")) {
            node = node.isArray() && name.chars().allMatch(Character::isDigit) && name.length() < 6
                    ? node.path(Integer.parseInt(name)) : node.path(name);
        }
        return node.isString() || node.isNumber() || node.isBoolean() ? node.asString() : "";
    }
}
