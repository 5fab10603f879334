package io.jivohub.store;

import java.util.List;

import io.jivohub.keys.Keys;
import io.jivohub.keys.Sha256;

/**
 * An event to store: the raw body verbatim plus the fields it is found by.
 *
 * @param connectionId the connection it came to
 * @param keyHash      SHA-256 of the webhook key it came with; the commit checks that the key is still valid
 * @param eventName    its type
 * @param chatId       its top-level {@code chat_id}, or {@code null}
 * @param bodyHash     SHA-256 of {@code body}: a byte-identical body for the same connection is a retry
 * @param columns      the names of its columns, in the order of its body (see {@link EventColumns})
 * @param body         the bytes as received
 */
public record NewEvent(long connectionId, byte[] keyHash, String eventName, String chatId, byte[] bodyHash,
                       List<String> columns, byte[] body) {

    public static NewEvent of(long connectionId, String webhookKey, String eventName, String chatId,
                              List<String> columns, byte[] body) {
        return new NewEvent(connectionId, Keys.hash(webhookKey), eventName, chatId, Sha256.of(body), columns, body);
    }
}
