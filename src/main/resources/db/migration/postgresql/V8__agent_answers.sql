-- What a connection answers Jivo for chat_accepted and chat_updated, which Jivo shows the agent: a static answer
-- with {placeholders} filled from the event, and/or a responder asked for its answer after the event is committed.
CREATE TABLE agent_answers (
    connection_id        BIGINT  PRIMARY KEY REFERENCES connections (id),
    static_answer        TEXT,             -- a JSON object of the fields Jivo knows; null for none
    responder_url        TEXT,             -- null for none
    responder_timeout_ms INTEGER NOT NULL, -- how long the responder may take before Jivo is answered without it
    secret               TEXT    NOT NULL, -- whsec_…: signs every request to the responder (Standard Webhooks)
    updated_at           BIGINT  NOT NULL
);
