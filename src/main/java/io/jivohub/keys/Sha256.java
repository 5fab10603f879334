package io.jivohub.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one digest of jivohub: of secrets (see {@link Keys#hash}), of event bodies, of inline styles. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
