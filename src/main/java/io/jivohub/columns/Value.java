package io.jivohub.columns;

import java.nio.charset.StandardCharsets;

import io.jivohub.json.Bytes;
import io.jivohub.json.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;

/**
 * One column value, kept as the bytes of the body it came from, so that a table can be written without decoding
 * every value into a {@code String} and encoding it again.
 *
 * <p>Three kinds, all written as a JSON string: a string's content exactly as it stood between its quotes (still
 * JSON-escaped, so it is copied as it is); a number or boolean as written ({@code 1665399500726}, {@code true}); an
 * array as compact JSON text, which needs its quotes and backslashes escaped (compact JSON holds no other
 * character that a JSON string must escape). Immutable.
 */
public final class Value {
    private enum Kind { ESCAPED_STRING, LITERAL, JSON_TEXT }

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final Kind kind;

    private Value(byte[] bytes, int offset, int length, Kind kind) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.kind = kind;
    }

    /** The content of a JSON string, between its quotes, escapes as they are. */
    static Value escapedString(byte[] body, int offset, int length) {
        return new Value(body, offset, length, Kind.ESCAPED_STRING);
    }

    /** A number or boolean as written. */
    static Value literal(byte[] body, int offset, int length) {
        return new Value(body, offset, length, Kind.LITERAL);
    }

    /** Compact JSON text, such as an array. */
    static Value jsonText(byte[] text) {
        return new Value(text, 0, text.length, Kind.JSON_TEXT);
    }

    /** The most bytes it takes in a table (an array's quotes are escaped there). */
    int size() {
        return kind == Kind.JSON_TEXT ? 2 * length : length;
    }

    /** Appends this value as a JSON string, quotes included. */
    void appendTo(Bytes out) {
        out.append((byte) '"');
        if (kind == Kind.JSON_TEXT) {
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                if (b == '"' || b == '\\') {
                    out.append((byte) '\\');
                }
                out.append(b);
            }
        } else {
            out.append(bytes, offset, length);
        }
        out.append((byte) '"');
    }

    /** The value as text: what a reader of the table gets. */
    public String text() {
        if (kind != Kind.ESCAPED_STRING || !hasEscape()) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        Bytes quoted = new Bytes(length + 2);
        appendTo(quoted);
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), quoted.toByteArray())) {
            parser.nextToken();
            return parser.getString();
        }
    }

    private boolean hasEscape() {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text();
    }
}
