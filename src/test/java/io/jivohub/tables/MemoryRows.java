package io.jivohub.tables;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows in memory, as the projector keeps them while folding a chunk, by dataset name and key. Not thread-safe. */
final class MemoryRows implements Rows {
    private final Map<String, RowState> rows = new HashMap<>();

    @Override
    public RowState get(Dataset dataset, List<String> key) {
        return rows.computeIfAbsent(dataset.apiName() + key, k -> RowState.empty());
    }

    @Override
    public void remove(Dataset dataset, List<String> key) {
        rows.remove(dataset.apiName() + key);
    }

    /** Every row, by its dataset's name followed by its key ({@code chats[w, 9]}). */
    Map<String, RowState> rows() {
        return rows;
    }
}
