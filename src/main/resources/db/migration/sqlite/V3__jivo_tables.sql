-- The Jivo tables (chats, messages, offline messages, ...): rows folded from the stored events by the projector.
-- They can always be rebuilt from the events; the events stay the truth.

-- The projector's one row of state. Its position commits with the rows it folded, so a crash loses nothing and
-- folds nothing twice.
CREATE TABLE projection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    rules_version INTEGER NOT NULL, -- the rules the rows were folded by; 0: never built
    generation    INTEGER NOT NULL, -- grows with each rebuild; rows of an older one are left over from before it
    position      INTEGER NOT NULL, -- the last event id folded
    built_until   INTEGER NOT NULL, -- the newest event id when this generation's build started
    ready         INTEGER NOT NULL, -- 1 once this generation caught up and the older one's rows were tombstoned
    row_version   INTEGER NOT NULL, -- the last row version handed out
    leader        TEXT,             -- the instance that folds: one at a time, on a lease
    lease_until   INTEGER NOT NULL  -- epoch milliseconds; after it, another instance may take over
);

INSERT INTO projection (id, rules_version, generation, position, built_until, ready, row_version, lease_until)
VALUES (1, 0, 0, 0, 0, 0, 0, 0);

-- One row of a dataset of a connection. row_key is the row's key as a JSON array of text, so a tombstone
-- (deleted = 1, state '{}') still says which row it ends. row_version grows each time the row changes.
CREATE TABLE table_rows (
    connection_id INTEGER NOT NULL,
    dataset       TEXT    NOT NULL,
    row_key       TEXT    NOT NULL,
    row_version   INTEGER NOT NULL,
    generation    INTEGER NOT NULL,
    deleted       INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL, -- epoch milliseconds of the newest event folded in, for retention
    state         BLOB    NOT NULL, -- the row's values as a JSON object
    PRIMARY KEY (connection_id, dataset, row_key)
);

CREATE INDEX table_rows_by_version ON table_rows (connection_id, dataset, row_version);
-- Retention looks for live rows only; a build for rows of older generations.
CREATE INDEX table_rows_by_age ON table_rows (last_event_at) WHERE deleted = 0;
CREATE INDEX table_rows_by_generation ON table_rows (generation);
