package io.jivohub.store;

/**
 * A row of a Jivo table as stored.
 *
 * @param key         which row
 * @param rowVersion  grows each time the row changes; unique over all rows
 * @param generation  the build of the tables it belongs to (see {@link Projection})
 * @param deleted     whether it is a tombstone: the row was removed (its state is then empty)
 * @param lastEventAt epoch milliseconds of the newest event folded into it
 * @param state       its values, a JSON object
 */
public record TableRow(RowKey key, long rowVersion, long generation, boolean deleted, long lastEventAt,
                       byte[] state) {
}
