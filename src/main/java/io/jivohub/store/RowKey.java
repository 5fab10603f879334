package io.jivohub.store;

/**
 * Which row of a Jivo table: a connection's, of one dataset, by its key (a JSON array of the key's values as text).
 *
 * @param connectionId the connection whose events the row is folded from
 * @param dataset      the dataset's name, such as {@code chats}
 * @param key          the row's key, such as {@code ["3948","7607"]}
 */
public record RowKey(long connectionId, String dataset, String key) {
}
