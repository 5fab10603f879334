package io.jivohub.tables;

import java.util.List;

/** The rows a fold reads and changes, by dataset and key. Not thread-safe. */
interface Rows {
    /** The row of {@code key}, empty if it does not exist yet; changes to it are kept. */
    RowState get(Dataset dataset, List<String> key);

    /** Removes the row of {@code key}: it becomes a tombstone, if it existed. */
    void remove(Dataset dataset, List<String> key);
}
