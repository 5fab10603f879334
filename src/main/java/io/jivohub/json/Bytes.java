package io.jivohub.json;

import java.util.Arrays;

/** A growable byte array for building JSON text. Not thread-safe. */
public final class Bytes {
    private byte[] bytes;
    private int size;

    public Bytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public Bytes append(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    public Bytes append(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    public Bytes append(byte[] source) {
        return append(source, 0, source.length);
    }

    /** Appends ASCII text such as a number. */
    public Bytes ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    public int size() {
        return size;
    }

    /** The backing array; only its first {@link #size()} bytes are the content. */
    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
