-- Where a connection's events are forwarded to: any number of destinations per connection. Each follows the
-- connection's events in id order: every event up to `position` has been handed over (delivered, or its delivery
-- waits in `deliveries`). One instance drives a destination at a time: the one holding its lease.
CREATE TABLE destinations (
    id               BIGSERIAL PRIMARY KEY,
    connection_id    BIGINT  NOT NULL REFERENCES connections (id),
    url              TEXT    NOT NULL,
    event_types      TEXT    NOT NULL, -- the types forwarded, comma-separated; '' for every type
    headers          TEXT    NOT NULL, -- extra request headers, a 'Name: value' line each: secrets, never logged
    secret           TEXT    NOT NULL, -- whsec_…: signs every request (Standard Webhooks)
    parallel         INTEGER NOT NULL DEFAULT 0, -- 1: events may go out of order, several at a time
    old_secret       TEXT,             -- the secret before the last rotation, signing too until old_secret_until
    old_secret_until BIGINT  NOT NULL DEFAULT 0,
    paused_at        BIGINT,           -- epoch milliseconds; null while it is enabled
    paused_reason    TEXT,
    failing_since    BIGINT,           -- the first failed attempt since the last delivery; null when it delivers
    last_error       TEXT,
    position         BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    lease_owner      TEXT,
    lease_until      BIGINT  NOT NULL DEFAULT 0
);

CREATE INDEX destinations_by_connection ON destinations (connection_id);

-- The deliveries that did not succeed at their first attempt (or that were asked for again): retried until
-- next_attempt_at is null, which means failed for good, kept to be seen and sent again.
CREATE TABLE deliveries (
    destination_id  BIGINT  NOT NULL REFERENCES destinations (id),
    event_id        BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT,
    last_status     INTEGER,          -- the receiver's HTTP status, or null when it did not answer
    last_error      TEXT    NOT NULL,
    updated_at      BIGINT  NOT NULL,
    PRIMARY KEY (destination_id, event_id)
);

CREATE INDEX deliveries_due ON deliveries (destination_id, next_attempt_at);

-- Retention asks, for each old event, whether a delivery of it waits.
CREATE INDEX deliveries_by_event ON deliveries (event_id);
