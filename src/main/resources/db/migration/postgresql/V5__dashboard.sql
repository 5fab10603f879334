-- Who is signed in to the dashboard: one row per browser session. The cookie holds a random id; only its SHA-256
-- is kept, so a copy of the database signs nobody in.
CREATE TABLE dashboard_sessions (
    id_hash    BYTEA PRIMARY KEY,
    created_at BIGINT NOT NULL, -- epoch milliseconds
    expires_at BIGINT NOT NULL  -- epoch milliseconds: signed out after it
);

CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
