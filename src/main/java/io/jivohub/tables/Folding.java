package io.jivohub.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jivohub.store.Projection;
import io.jivohub.store.RowChange;
import io.jivohub.store.RowKey;
import io.jivohub.store.TableRow;

/**
 * The rows one chunk of events folds into: read once before folding, changed in memory, and turned into the
 * {@link RowChange}s the projector commits. A stored row of an older generation (left from before a rebuild) is
 * folded anew from nothing, and only marked current if the new rules make it the same. Not thread-safe.
 */
final class Folding {
    /** A row as the fold leaves it. */
    private static final class Entry {
        final TableRow stored;
        RowState state;
        boolean removed;
        long lastEventAt;

        Entry(TableRow stored, RowState state) {
            this.stored = stored;
            this.state = state;
            this.lastEventAt = stored == null ? 0 : stored.lastEventAt();
        }
    }

    private final long generation;
    private final Projection projection;
    private final Map<RowKey, TableRow> stored = new HashMap<>();
    /** The keys read at once: one without a stored row has none, and needs no query of its own. */
    private final Set<RowKey> loaded = new HashSet<>();
    private final Map<RowKey, Entry> entries = new LinkedHashMap<>();

    Folding(long generation, Projection projection) {
        this.generation = generation;
        this.projection = projection;
    }

    /** Reads the stored rows of {@code keys} at once. */
    void load(Set<RowKey> keys) {
        stored.putAll(projection.rows(keys));
        loaded.addAll(keys);
    }

    /** The rows as {@code event} sees them: its connection's. */
    Rows rowsOf(JivoEvent event) {
        return new Rows() {
            @Override
            public RowState get(Dataset dataset, List<String> key) {
                Entry entry = entry(Projector.rowKey(event.connectionId(), dataset, key));
                if (entry.removed) {
                    entry.removed = false;
                    entry.state = RowState.empty();
                }
                entry.lastEventAt = Math.max(entry.lastEventAt, event.receivedAt());
                return entry.state;
            }

            @Override
            public void remove(Dataset dataset, List<String> key) {
                entry(Projector.rowKey(event.connectionId(), dataset, key)).removed = true;
            }
        };
    }

    private Entry entry(RowKey key) {
        return entries.computeIfAbsent(key, k -> {
            TableRow row = loaded.contains(k) ? stored.get(k) : projection.rows(List.of(k)).get(k);
            boolean current = row != null && row.generation() == generation && !row.deleted();
            return new Entry(row, current ? RowState.of(row.state()) : RowState.empty());
        });
    }

    /** What to commit: new and changed rows, tombstones, and unchanged rows of an older generation to keep. */
    List<RowChange> changes() {
        List<RowChange> changes = new ArrayList<>();
        for (Map.Entry<RowKey, Entry> each : entries.entrySet()) {
            RowKey key = each.getKey();
            Entry entry = each.getValue();
            TableRow row = entry.stored;
            if (entry.removed) {
                if (row != null && !row.deleted()) {
                    changes.add(new RowChange(key, row.rowVersion(), true, true, row.lastEventAt(), row.state()));
                }
                continue;
            }
            byte[] state = entry.state.bytes();
            if (row == null) {
                changes.add(new RowChange(key, 0, true, false, entry.lastEventAt, state));
            } else if (row.deleted() || !Arrays.equals(row.state(), state)) {
                changes.add(new RowChange(key, row.rowVersion(), true, false, entry.lastEventAt, state));
            } else if (row.generation() != generation) {
                changes.add(new RowChange(key, row.rowVersion(), false, false, row.lastEventAt(), state));
            }
        }
        return changes;
    }
}
