package io.jivohub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An event to store: the raw body verbatim plus the fields it is found by.
 *
 * @param connectionId the connection it came to
 * @param keyHash      SHA-256 of the webhook key it came with; the commit checks that the key is still valid
 * @param eventName    its type
 * @param chatId       its top-level {@code chat_id}, or {@code null}
 * @param bodyHash     SHA-256 of {@code body}: a byte-identical body for the same connection is a retry
 * @param body         the bytes as received
 */
public record NewEvent(long connectionId, byte[] keyHash, String eventName, String chatId, byte[] bodyHash,
                       byte[] body) {

    public static NewEvent of(long connectionId, String webhookKey, String eventName, String chatId, byte[] body) {
        return new NewEvent(connectionId, keyHash(webhookKey), eventName, chatId, sha256(body), body);
    }

    /** How secrets are stored and looked up: by their SHA-256, never as text. */
    static byte[] keyHash(String key) {
        return sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
