package io.jivohub.store;

/**
 * What the projector commits for one row.
 *
 * @param key         which row
 * @param fromVersion the row version it was folded from, 0 when the row did not exist: if the row changed since
 *                    (another instance folded it, it was tombstoned), the whole fold is refused
 * @param changed     whether its content changed; if not, only its generation is brought up to date (no new
 *                    version: readers have nothing to fetch again)
 * @param deleted     whether the row is removed: it becomes a tombstone
 * @param lastEventAt epoch milliseconds of the newest event folded into it
 * @param state       its new values, a JSON object
 */
public record RowChange(RowKey key, long fromVersion, boolean changed, boolean deleted, long lastEventAt,
                        byte[] state) {
}
