-- A connection is what one get_key call creates: an account's URL for one event type (or all).
-- Secrets are looked up by their SHA-256 (unique indexes), never by comparing the keys as text.
CREATE TABLE connections (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_name     TEXT    NOT NULL,
    event_name       TEXT    NOT NULL,
    webhook_key      TEXT    NOT NULL,
    webhook_key_hash BLOB    NOT NULL UNIQUE,
    read_key         TEXT    NOT NULL,
    read_key_hash    BLOB    NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL, -- epoch milliseconds, UTC
    UNIQUE (account_name, event_name)
);

-- Every stored event: the raw body verbatim plus the fields we query by.
-- AUTOINCREMENT: ids only ever grow, even after the newest rows are deleted.
-- UNIQUE (connection_id, body_hash): a retry of the same body is stored once.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id INTEGER NOT NULL REFERENCES connections (id),
    event_name    TEXT    NOT NULL,
    received_at   INTEGER NOT NULL, -- epoch milliseconds, UTC; never decreases with id
    chat_id       TEXT,
    body_hash     BLOB    NOT NULL,
    body          BLOB    NOT NULL,
    UNIQUE (connection_id, body_hash)
);

CREATE INDEX events_by_connection ON events (connection_id, id);
