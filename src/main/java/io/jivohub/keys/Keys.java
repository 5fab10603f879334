package io.jivohub.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets in jivohub's URLs, and the admin token: how they are made, recognised and hashed. The one place of
 * these rules, so that a key made here is a key every check accepts.
 *
 * <p>A key is 256 bits from {@link SecureRandom}, written as 64 lowercase hex digits: nobody can guess one. The
 * store finds keys by their {@linkplain #hash hash}, never by comparing the text, so the time a lookup takes says
 * nothing about how much of a guess was right. Thread-safe.
 */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final String SIGNING_SECRET_PREFIX = "whsec_";

    private Keys() {
    }

    /** A new key. */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return HEX.formatHex(key);
    }

    /**
     * A new signing secret as Standard Webhooks writes one: {@code whsec_} and the base64 of 32 random bytes (the
     * spec asks for 24 to 64).
     */
    public static String newSigningSecret() {
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(secret);
        return SIGNING_SECRET_PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    /** The bytes a signing secret of {@link #newSigningSecret} signs with. */
    public static byte[] signingKey(String secret) {
        return Base64.getDecoder().decode(secret.substring(SIGNING_SECRET_PREFIX.length()));
    }

    /** Whether {@code text} can be a key at all; anything else need not reach the store. */
    public static boolean isWellFormed(String text) {
        return text.length() == KEY_BYTES * 2
                && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** How a secret is stored and looked up: the SHA-256 of its UTF-8 text. */
    public static byte[] hash(String secret) {
        return Sha256.of(secret.getBytes(StandardCharsets.UTF_8));
    }
}
