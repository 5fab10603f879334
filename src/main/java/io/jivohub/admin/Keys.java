package io.jivohub.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes the secrets in connection URLs: SHA-256 of 256 random bits followed by the account name, as 64 lowercase
 * hex digits (the original's "sha256 of a random salt plus the account name"). The random part alone makes a key
 * as hard to guess as any 256-bit secret. Thread-safe.
 */
final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 32;

    private Keys() {
    }

    static String newKey(String accountName) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        MessageDigest sha256 = sha256();
        sha256.update(salt);
        sha256.update(accountName.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
