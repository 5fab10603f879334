package io.jivohub.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text kept as the pieces it was built from (column buffers, punctuation), so that a page of several
 * megabytes goes to the client without first being copied into one array: less garbage, fewer collections, and a
 * heap that stays small. Not thread-safe while built; immutable once handed out.
 */
public final class JsonText {
    private record Piece(byte[] bytes, int length) {
    }

    private final List<Piece> pieces = new ArrayList<>();
    private long size;

    /** Appends ASCII text: punctuation, numbers, literals. */
    public JsonText ascii(String text) {
        return bytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends {@code bytes}, which must not change afterwards. */
    public JsonText bytes(byte[] bytes) {
        return piece(bytes, bytes.length);
    }

    /** Appends the content of {@code bytes}, which must not change afterwards. */
    public JsonText bytes(Bytes bytes) {
        return piece(bytes.array(), bytes.size());
    }

    private JsonText piece(byte[] bytes, int length) {
        pieces.add(new Piece(bytes, length));
        size += length;
        return this;
    }

    /** The length of the text in bytes. */
    public long size() {
        return size;
    }

    public void writeTo(OutputStream out) throws IOException {
        for (Piece piece : pieces) {
            out.write(piece.bytes(), 0, piece.length());
        }
    }
}
