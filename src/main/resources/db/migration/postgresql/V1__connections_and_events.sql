-- The same schema as db/migration/sqlite/V1, in PostgreSQL's types.

-- A connection is what one get_key call creates: an account's URL for one event type (or all).
-- Secrets are looked up by their SHA-256 (unique indexes), never by comparing the keys as text.
CREATE TABLE connections (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_name     TEXT   NOT NULL,
    event_name       TEXT   NOT NULL,
    webhook_key      TEXT   NOT NULL,
    webhook_key_hash BYTEA  NOT NULL UNIQUE,
    read_key         TEXT   NOT NULL,
    read_key_hash    BYTEA  NOT NULL UNIQUE,
    created_at       BIGINT NOT NULL, -- epoch milliseconds, UTC
    UNIQUE (account_name, event_name)
);

-- Every stored event: the raw body verbatim plus the fields we query by.
-- Ids come from an identity sequence; the writers' commit-order lock makes them visible in id order.
-- UNIQUE (connection_id, body_hash): a retry of the same body is stored once, whichever instance gets it.
CREATE TABLE events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    connection_id BIGINT NOT NULL REFERENCES connections (id),
    event_name    TEXT   NOT NULL,
    received_at   BIGINT NOT NULL, -- epoch milliseconds, UTC
    chat_id       TEXT,
    body_hash     BYTEA  NOT NULL,
    body          BYTEA  NOT NULL,
    UNIQUE (connection_id, body_hash)
);

CREATE INDEX events_by_connection ON events (connection_id, id);
