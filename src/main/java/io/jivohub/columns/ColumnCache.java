package io.jivohub.columns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An object's position in an event (its path of field names), with what is known about its fields remembered.
 *
 * <p>Why: Jivo sends the same few shapes again and again, and reading a table walks every field of every row. Here
 * a field's name, column and (for an object) position are computed once per (object path, field name), then found
 * straight from the field name's bytes in the body, without decoding them into a {@code String}: one hash of the
 * bytes, one comparison. All rows share the same name instances.
 *
 * <p>The names come from bodies anyone can send, and hostile ones bring endless new names and shapes, so memory is
 * bounded: a field whose column is longer than {@value #MAX_REMEMBERED_COLUMN} characters is never remembered
 * (Jivo's are a few dozen), nor is anything below a field that is not remembered; an object remembers at most
 * {@value #MAX_REMEMBERED} fields, and all objects together at most {@value #MAX_REMEMBERED_IN_ALL}, which keeps
 * the cache to a few megabytes. Past that, fields are worked out on every use, and the cache never forgets, so
 * once it is full a new name is slower to read, never wrong. A field's own map is created empty and grows only if
 * the field turns out to hold an object with fields.
 *
 * <p>Each object knows the length of its path, so that a field whose path would pass {@value #MAX_PATH} characters
 * is known as {@linkplain Field#tooLong() too long} before its column is written out: checked bodies with one are
 * refused ({@link EventParser}).
 *
 * <p>Thread-safe.
 */
final class ColumnCache {
    static final int MAX_REMEMBERED = 1024;
    static final int MAX_REMEMBERED_IN_ALL = 20_000;
    static final int MAX_REMEMBERED_COLUMN = 128;
    /** The longest path of field names, joined, that a checked body may have. */
    public static final int MAX_PATH = 1000;
    private static final AtomicInteger REMEMBERED_IN_ALL = new AtomicInteger();
    static final ColumnCache ROOT = new ColumnCache(List.of(), 0, true);

    /**
     * A field of this object.
     *
     * @param name     the field name
     * @param column   its column by {@link ColumnNames#of}
     * @param reserved whether that column is one of {@link ReservedColumn}
     * @param object   the field's position, for when its value is an object
     * @param tooLong  whether its path, joined, is longer than {@value #MAX_PATH} characters (then {@code column}
     *                 holds only the first {@value #MAX_PATH} of them)
     */
    record Field(String name, String column, boolean reserved, ColumnCache object, boolean tooLong) {
    }

    /** A field name as bytes of a body: a slice when looking up, a copy when remembered. */
    private static final class Key {
        private final byte[] bytes;
        private final int offset;
        private final int length;
        private final int hash;

        Key(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            int h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        Key copy() {
            return new Key(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash
                    && Arrays.equals(bytes, offset, offset + length, key.bytes, key.offset, key.offset + key.length);
        }
    }

    private final List<String> path;
    /** The characters of {@code path} joined with {@code _}. */
    private final int pathLength;
    /** Whether this object's fields may be remembered: it is the top, or a remembered field's. */
    private final boolean remembers;
    private final Map<Key, Field> fields = new ConcurrentHashMap<>();

    private ColumnCache(List<String> path, int pathLength, boolean remembers) {
        this.path = path;
        this.pathLength = pathLength;
        this.remembers = remembers;
    }

    /** The field names from the top of the event to this object. */
    List<String> path() {
        return path;
    }

    /**
     * The field whose name is the JSON string content {@code json[start, start + length)} (still escaped as in the
     * body).
     */
    Field field(byte[] json, int start, int length) {
        Key key = new Key(json, start, length);
        Field known = fields.get(key);
        if (known != null) {
            return known;
        }
        String name = unescape(key);
        boolean remember = remembers && pathLength + name.length() < MAX_REMEMBERED_COLUMN
                && fields.size() < MAX_REMEMBERED && REMEMBERED_IN_ALL.get() < MAX_REMEMBERED_IN_ALL;
        Field field = create(name, remember);
        if (remember) {
            Field raced = fields.putIfAbsent(key.copy(), field);
            if (raced != null) {
                return raced;
            }
            REMEMBERED_IN_ALL.incrementAndGet();
        }
        return field;
    }

    private Field create(String name, boolean remembered) {
        List<String> fieldPath = pathTo(name);
        int fieldPathLength = pathLength + (path.isEmpty() ? 0 : 1) + name.length();
        boolean tooLong = fieldPathLength > MAX_PATH;
        String column = tooLong ? ColumnNames.fullName(fieldPath).substring(0, MAX_PATH) : ColumnNames.of(fieldPath);
        return new Field(name, column, ReservedColumn.isReserved(column),
                new ColumnCache(fieldPath, fieldPathLength, remembered), tooLong);
    }

    /** The path of field {@code name} of this object. */
    private List<String> pathTo(String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return List.copyOf(longer);
    }

    private static String unescape(Key key) {
        for (int i = key.offset; i < key.offset + key.length; i++) {
            if (key.bytes[i] == '\\') {
                return Value.escapedString(key.bytes, key.offset, key.length).text();
            }
        }
        return new String(key.bytes, key.offset, key.length, StandardCharsets.UTF_8);
    }
}
