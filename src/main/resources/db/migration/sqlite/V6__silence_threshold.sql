-- After how many hours without an event the dashboard marks a connection as silent: each channel has its own rhythm.
ALTER TABLE connections ADD COLUMN silent_after_hours INTEGER NOT NULL DEFAULT 24;
