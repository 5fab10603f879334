package io.jivohub.columns;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.jivohub.json.Bytes;
import io.jivohub.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Turns a webhook body into its table row by the column rules ({@link ColumnNames}).
 *
 * <p>Values keep their text: strings as sent, numbers exactly as written ({@code 1665399500726}, {@code 37.7898}),
 * booleans as {@code true}/{@code false}; an array becomes one value of compact JSON. {@code null} is the same as a
 * missing field, so a {@code null} or empty object makes no column. New fields get columns by the same rules, and
 * nothing is dropped: when two paths reach one column name, the shallower path keeps it (top-level fields first,
 * then document order) and the other takes its {@linkplain ColumnNames#fullName full name}, then a numeric suffix.
 *
 * <p>Two steps, because the second one runs for every row of every table read. A request body is first checked
 * strictly with Jackson ({@link #parse}): UTF-8, one JSON object, no duplicate keys, bounded depth and name length.
 * Then a plain byte walk over the (now known good) JSON finds each value and keeps it as a slice of the body
 * ({@link Value}), never decoding it; names come from {@link ColumnCache}. The walk of a request body also holds it
 * to what one row may be: at most {@value #MAX_VALUES} values, and no path longer than
 * {@value ColumnCache#MAX_PATH} characters, since each value's column repeats the names above it and a row is
 * echoed in the webhook's answer and in every page it is read on. Stored bodies passed the check when they
 * arrived, so reading them ({@link #parseStored}) is the walk alone.
 *
 * <p>Thread-safe.
 */
public final class EventParser {
    private static final int MAX_CHAT_ID_LENGTH = 100;
    /** The most values (columns) one event may bring; Jivo's bring a few dozen, a transcript is one. */
    public static final int MAX_VALUES = 10_000;

    private EventParser() {
    }

    /**
     * Checks and parses a request body.
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
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("the body must be a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new InvalidEventException("the body has more data after its JSON object");
            }
        } catch (JacksonException e) {
            throw new InvalidEventException("the body is not valid JSON: " + Json.describe(e));
        }
        Walk walk = new Walk(body, true);
        ParsedEvent event;
        try {
            event = walk.event();
        } catch (Walk.TooLarge e) {
            throw new InvalidEventException(e.getMessage());
        }
        if (walk.eventNameIsNotString) {
            throw new InvalidEventException("event_name must be a string");
        }
        return event;
    }

    /** Parses a body that {@link #parse} accepted when it arrived. */
    public static ParsedEvent parseStored(byte[] body) {
        return new Walk(body, false).event();
    }

    /** One pass over a JSON object already known to be valid, collecting its values and their places. */
    private static final class Walk {
        enum Kind { STRING, LITERAL, ARRAY }

        /** A value, its object and its field. */
        private record Leaf(ColumnCache object, ColumnCache.Field field, Kind kind, Value value) {
            boolean isTopLevel(String name) {
                return object == ColumnCache.ROOT && field.name().equals(name);
            }

            int depth() {
                return object.path().size();
            }
        }

        /** A checked body with more than its row can hold: too many values, or a path too long to name a column. */
        static final class TooLarge extends RuntimeException {
            TooLarge(String message) {
                super(message, null, false, false);
            }
        }

        private final byte[] json;
        private final boolean checked;
        private int at;
        private final List<Leaf> leaves = new ArrayList<>(64);
        /** Set by {@link #event()}: the top-level event_name is there but is not a string. */
        boolean eventNameIsNotString;

        /** @param checked whether the body is a request's, held to the limits of a row */
        Walk(byte[] json, boolean checked) {
            this.json = json;
            this.checked = checked;
            boolean byteOrderMark = json.length >= 3
                    && json[0] == (byte) 0xEF && json[1] == (byte) 0xBB && json[2] == (byte) 0xBF;
            this.at = byteOrderMark ? 3 : 0;
        }

        ParsedEvent event() {
            skipSpace();
            object(ColumnCache.ROOT);
            return toEvent();
        }

        /** At '{': reads the object, leaving {@code at} after its '}'. */
        private void object(ColumnCache object) {
            at++;
            skipSpace();
            if (json[at] == '}') {
                at++;
                return;
            }
            while (true) {
                int keyStart = at;
                skipString();
                ColumnCache.Field field = object.field(json, keyStart + 1, at - keyStart - 2);
                skipSpace();
                at++; // ':'
                skipSpace();
                value(object, field);
                skipSpace();
                if (json[at++] == '}') {
                    return;
                }
                skipSpace(); // after ','
            }
        }

        private void value(ColumnCache object, ColumnCache.Field field) {
            int start = at;
            if (checked && json[at] != '{' && json[at] != 'n') {
                if (field.tooLong()) {
                    throw new TooLarge("a field's path is longer than " + ColumnCache.MAX_PATH
                            + " characters, names of the objects around it included");
                }
                if (leaves.size() == MAX_VALUES) {
                    throw new TooLarge("the event has more than " + MAX_VALUES + " values");
                }
            }
            switch (json[at]) {
                case '{' -> object(field.object());
                case '[' -> {
                    skipValue();
                    leaves.add(new Leaf(object, field, Kind.ARRAY, Value.jsonText(compact(start, at))));
                }
                case '"' -> {
                    skipString();
                    leaves.add(new Leaf(object, field, Kind.STRING,
                            Value.escapedString(json, start + 1, at - start - 2)));
                }
                case 'n' -> at += 4;
                default -> {
                    skipLiteral();
                    leaves.add(new Leaf(object, field, Kind.LITERAL, Value.literal(json, start, at - start)));
                }
            }
        }

        private void skipString() {
            at = afterString(at);
        }

        /** The position after the string whose opening quote is at {@code quote}. */
        private int afterString(int quote) {
            int i = quote + 1;
            while (json[i] != '"') {
                i += json[i] == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        private void skipLiteral() {
            while (at < json.length && isLiteralByte(json[at])) {
                at++;
            }
        }

        private static boolean isLiteralByte(byte b) {
            return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || b == '-' || b == '+' || b == '.' || b == 'E';
        }

        /** At '[' or '{': skips the whole value. */
        private void skipValue() {
            int depth = 0;
            do {
                byte b = json[at];
                if (b == '"') {
                    skipString();
                    continue;
                }
                if (b == '[' || b == '{') {
                    depth++;
                } else if (b == ']' || b == '}') {
                    depth--;
                }
                at++;
            } while (depth > 0);
        }

        /** The JSON from {@code start} to {@code end} without the whitespace between tokens. */
        private byte[] compact(int start, int end) {
            Bytes out = new Bytes(end - start);
            int i = start;
            while (i < end) {
                byte b = json[i];
                if (b == '"') {
                    int stringEnd = afterString(i);
                    out.append(json, i, stringEnd - i);
                    i = stringEnd;
                } else {
                    if (!isSpace(b)) {
                        out.append(b);
                    }
                    i++;
                }
            }
            return out.toByteArray();
        }

        private void skipSpace() {
            while (at < json.length && isSpace(json[at])) {
                at++;
            }
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }

        private ParsedEvent toEvent() {
            String eventName = null;
            String chatId = null;
            List<Leaf> fields = new ArrayList<>(leaves.size());
            for (Leaf leaf : leaves) {
                if (leaf.isTopLevel("event_name")) {
                    eventNameIsNotString = leaf.kind() != Kind.STRING;
                    eventName = eventNameIsNotString ? null : leaf.value().text();
                } else {
                    if (leaf.isTopLevel("chat_id") && leaf.kind() != Kind.ARRAY) {
                        chatId = indexable(leaf.value().text());
                    }
                    fields.add(leaf);
                }
            }
            List<Column> values = withoutCollisions(fields);
            return new ParsedEvent(eventName, chatId, values != null ? values : resolvingCollisions(fields));
        }

        /** The columns when every field has a name of its own, as nearly always; {@code null} when two meet. */
        private static List<Column> withoutCollisions(List<Leaf> fields) {
            List<Column> values = new ArrayList<>(fields.size());
            Set<String> names = new HashSet<>(fields.size() * 2);
            for (Leaf leaf : fields) {
                String name = leaf.field().column();
                if (leaf.field().reserved() || !names.add(name)) {
                    return null;
                }
                values.add(new Column(name, leaf.value()));
            }
            return values;
        }

        /** The columns when names meet: shallower fields first, the others take their full names. */
        private static List<Column> resolvingCollisions(List<Leaf> fields) {
            List<Leaf> byDepth = new ArrayList<>(fields);
            byDepth.sort(Comparator.comparingInt(Leaf::depth));
            List<Column> values = new ArrayList<>(fields.size());
            Set<String> taken = new HashSet<>(fields.size() * 2);
            for (Leaf leaf : byDepth) {
                String name = freeName(leaf, taken);
                taken.add(name);
                values.add(new Column(name, leaf.value()));
            }
            return values;
        }

        private static String freeName(Leaf leaf, Set<String> taken) {
            String name = leaf.field().column();
            if (isFree(name, taken)) {
                return name;
            }
            String full = ColumnNames.fullName(leaf.field().object().path());
            name = full;
            for (int suffix = 2; !isFree(name, taken); suffix++) {
                name = full + "_" + suffix;
            }
            return name;
        }

        private static boolean isFree(String name, Set<String> taken) {
            return !ReservedColumn.isReserved(name) && !taken.contains(name);
        }
    }

    /** A chat id goes into the index only when it looks like one; it stays in the columns either way. */
    private static String indexable(String chatId) {
        if (chatId.isEmpty() || chatId.length() > MAX_CHAT_ID_LENGTH
                || chatId.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return chatId;
    }


}
