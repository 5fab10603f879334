package io.jivohub.table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An object's position in an event (its path of field names), with what is known about its fields remembered.
 *
 * <p>Why: Jivo sends the same few shapes again and again, and reading a table walks every field of every row. Here
 * a field's name, column and (for an object) position are computed once per (object path, field name), then found
 * straight from the field name's bytes in the body, without making a {@code String} of it: one hash of the bytes,
 * one comparison. All rows share the same name instances.
 *
 * <p>Hostile bodies may bring endless new field names, so each object remembers at most {@link #MAX_REMEMBERED}
 * fields and works the rest out on every use.
 *
 * <p>Thread-safe: the table only ever gains entries, each published whole by a compare-and-set.
 */
final class ColumnCache {
    static final int MAX_REMEMBERED = 1024;
    private static final int SLOTS = 2 * MAX_REMEMBERED; // a power of two

    static final ColumnCache ROOT = new ColumnCache(List.of());

    /**
     * A field of this object.
     *
     * @param key      the field name's bytes as they stand in a body
     * @param hash     the hash of {@code key}
     * @param name     the field name
     * @param column   its column by {@link ColumnNames#of}
     * @param reserved whether that column is one of {@link EventParser#RESERVED_COLUMNS}
     * @param object   the field's position, for when its value is an object
     */
    record Field(byte[] key, int hash, String name, String column, boolean reserved, ColumnCache object) {
    }

    private final List<String> path;
    private final AtomicReferenceArray<Field> fields = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger remembered = new AtomicInteger();

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
        int hash = 1;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + json[i];
        }
        int slot = hash & (SLOTS - 1);
        for (int probe = 0; probe < SLOTS; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            Field field = fields.get(slot);
            if (field == null) {
                Field created = create(Arrays.copyOfRange(json, start, start + length), hash);
                if (remembered.get() >= MAX_REMEMBERED) {
                    return created;
                }
                if (fields.compareAndSet(slot, null, created)) {
                    remembered.incrementAndGet();
                    return created;
                }
                field = fields.get(slot);
            }
            if (field.hash() == hash && Arrays.equals(field.key(), 0, field.key().length, json, start, start + length)) {
                return field;
            }
        }
        return create(Arrays.copyOfRange(json, start, start + length), hash);
    }

    private Field create(byte[] key, int hash) {
        String name = unescape(key);
        List<String> fieldPath = pathTo(name);
        String column = ColumnNames.of(fieldPath);
        return new Field(key, hash, name, column, EventParser.RESERVED_COLUMNS.contains(column),
                new ColumnCache(fieldPath));
    }

    /** The path of field {@code name} of this object. */
    List<String> pathTo(String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return List.copyOf(longer);
    }

    private static String unescape(byte[] key) {
        for (byte b : key) {
            if (b == '\\') {
                return Value.escapedString(key, 0, key.length).text();
            }
        }
        return new String(key, StandardCharsets.UTF_8);
    }
}
