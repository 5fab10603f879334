-- The same as db/migration/sqlite/V2, in PostgreSQL's types.
ALTER TABLE connections ADD COLUMN revoked_at BIGINT; -- epoch milliseconds; NULL while active
ALTER TABLE connections ADD COLUMN last_event_at BIGINT;
ALTER TABLE connections ADD COLUMN stored_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN duplicate_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN ignored_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN rejected_count BIGINT NOT NULL DEFAULT 0;

UPDATE connections SET
    stored_count = (SELECT count(*) FROM events WHERE events.connection_id = connections.id),
    last_event_at = (SELECT max(received_at) FROM events WHERE events.connection_id = connections.id);

CREATE TABLE retired_webhook_keys (
    key_hash      BYTEA  PRIMARY KEY,
    connection_id BIGINT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    webhook_key   TEXT   NOT NULL,
    expires_at    BIGINT NOT NULL -- epoch milliseconds: the key works until then
);

CREATE INDEX retired_webhook_keys_by_connection ON retired_webhook_keys (connection_id);

-- Keys that worked once: of deleted connections, rotated out, or replaced. Jivo may keep posting to such a URL for a
-- long time; a 404 for one of them is not somebody guessing keys, so it does not count against the sender's limit.
CREATE TABLE dead_keys (
    key_hash BYTEA PRIMARY KEY,
    died_at  BIGINT NOT NULL -- epoch milliseconds
);
