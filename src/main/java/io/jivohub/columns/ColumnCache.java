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
 * bounded three times: a name longer than {@value #MAX_REMEMBERED_NAME_BYTES} bytes is never remembered (Jivo's are
 * a few dozen), an object remembers at most {@value #MAX_REMEMBERED} fields, and all objects together at most
 * {@value #MAX_REMEMBERED_IN_ALL}, a few megabytes at most; past that, fields are worked out on every use. A
 * field's own map is created empty and grows only if the field turns out to hold an object with fields.
 *
 * <p>Thread-safe.
 */
final class ColumnCache {
    static final int MAX_REMEMBERED = 1024;
    static final int MAX_REMEMBERED_IN_ALL = 20_000;
    static final int MAX_REMEMBERED_NAME_BYTES = 128;
    private static final AtomicInteger REMEMBERED_IN_ALL = new AtomicInteger();
    static final ColumnCache ROOT = new ColumnCache(List.of());

    /**
     * A field of this object.
     *
     * @param name     the field name
     * @param column   its column by {@link ColumnNames#of}
     * @param reserved whether that column is one of {@link ReservedColumn}
     * @param object   the field's position, for when its value is an object
     */
    record Field(String name, String column, boolean reserved, ColumnCache object) {
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
    private final Map<Key, Field> fields = new ConcurrentHashMap<>();

    private ColumnCache(List<String> path) {
        this.path = path;
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
        Field field = create(key);
        if (length <= MAX_REMEMBERED_NAME_BYTES && fields.size() < MAX_REMEMBERED
                && REMEMBERED_IN_ALL.get() < MAX_REMEMBERED_IN_ALL) {
            Field raced = fields.putIfAbsent(key.copy(), field);
            if (raced != null) {
                return raced;
            }
            REMEMBERED_IN_ALL.incrementAndGet();
        }
        return field;
    }

    private Field create(Key key) {
        String name = unescape(key);
        List<String> fieldPath = pathTo(name);
        String column = ColumnNames.of(fieldPath);
        return new Field(name, column, ReservedColumn.isReserved(column), new ColumnCache(fieldPath));
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
