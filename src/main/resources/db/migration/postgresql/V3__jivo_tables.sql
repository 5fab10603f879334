-- The same schema as db/migration/sqlite/V3, in PostgreSQL's types.

CREATE TABLE projection (
    id            INTEGER  PRIMARY KEY CHECK (id = 1),
    rules_version INTEGER  NOT NULL,
    generation    BIGINT   NOT NULL,
    position      BIGINT   NOT NULL,
    built_until   BIGINT   NOT NULL,
    ready         SMALLINT NOT NULL,
    row_version   BIGINT   NOT NULL,
    leader        TEXT,
    lease_until   BIGINT   NOT NULL
);

INSERT INTO projection (id, rules_version, generation, position, built_until, ready, row_version, lease_until)
VALUES (1, 0, 0, 0, 0, 0, 0, 0);

CREATE TABLE table_rows (
    connection_id BIGINT   NOT NULL,
    dataset       TEXT     NOT NULL,
    row_key       TEXT     NOT NULL,
    row_version   BIGINT   NOT NULL,
    generation    BIGINT   NOT NULL,
    deleted       SMALLINT NOT NULL,
    last_event_at BIGINT   NOT NULL,
    state         BYTEA    NOT NULL,
    PRIMARY KEY (connection_id, dataset, row_key)
);

CREATE INDEX table_rows_by_version ON table_rows (connection_id, dataset, row_version);
-- Retention looks for live rows only; a build for rows of older generations.
CREATE INDEX table_rows_by_age ON table_rows (last_event_at) WHERE deleted = 0;
CREATE INDEX table_rows_by_generation ON table_rows (generation);
