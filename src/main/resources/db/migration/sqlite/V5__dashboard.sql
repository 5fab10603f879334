-- Who is signed in to the dashboard: one row per browser session. The cookie holds a random id; only its SHA-256
-- is kept, so a copy of the database signs nobody in.
CREATE TABLE dashboard_sessions (
    id_hash    BLOB PRIMARY KEY,
    created_at INTEGER NOT NULL, -- epoch milliseconds
    expires_at INTEGER NOT NULL  -- epoch milliseconds: signed out after it
);

CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);

-- How many events each connection stored per hour (UTC) and type, kept by the writer with each batch: the
-- dashboard's charts, in any time zone, without counting events.
CREATE TABLE event_hours (
    connection_id INTEGER NOT NULL,
    hour          INTEGER NOT NULL, -- hours since 1970-01-01T00:00Z
    event_name    TEXT    NOT NULL,
    events        INTEGER NOT NULL,
    PRIMARY KEY (connection_id, hour, event_name)
);

INSERT INTO event_hours (connection_id, hour, event_name, events)
SELECT connection_id, received_at / 3600000, event_name, count(*) FROM events GROUP BY connection_id, received_at / 3600000, event_name;
