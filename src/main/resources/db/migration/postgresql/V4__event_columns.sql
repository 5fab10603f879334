-- The columns the raw events of each connection and type have brought, in the order they first came: the files of
-- the raw events (CSV, xlsx, rows) take their columns from here, so every page of a type has the same columns in the
-- same order, and a new column only ever joins at the end. Committed with the events that bring them.
CREATE TABLE event_columns (
    connection_id  BIGINT  NOT NULL,
    event_name     TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    first_event_id BIGINT  NOT NULL, -- the event that brought it first
    place          INTEGER NOT NULL, -- its place among that event's columns
    PRIMARY KEY (connection_id, event_name, name)
);

-- What readers need to know about the events as a whole, in one row.
CREATE TABLE events_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    columns_gathered BIGINT NOT NULL, -- the events stored before event_columns existed are gathered up to this id
    columns_to_reach BIGINT NOT NULL, -- ... and up to this one they must be: the newest id when it was created
    removed          BIGINT NOT NULL  -- events ever removed (erasure, retention, deletion): a change no new id shows
);

INSERT INTO events_state (id, columns_gathered, columns_to_reach, removed)
SELECT 1, 0, coalesce(max(id), 0), 0 FROM events;
