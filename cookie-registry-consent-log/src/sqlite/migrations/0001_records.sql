-- The policy each choice was made on, once per revision, and the choices themselves.
CREATE TABLE policy_snapshots (
    revision     TEXT PRIMARY KEY NOT NULL CHECK (length(revision) = 16),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    policy_json  TEXT NOT NULL,
    stored_at_ms INTEGER NOT NULL
) STRICT;

-- AUTOINCREMENT: a purged record's number is never given again.
CREATE TABLE consent_records (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    consent_id    TEXT NOT NULL CHECK (length(consent_id) = 32),
    at_ms         INTEGER NOT NULL,
    revision      TEXT NOT NULL REFERENCES policy_snapshots (revision),
    functionality INTEGER NOT NULL CHECK (functionality IN (0, 1)),
    statistics    INTEGER NOT NULL CHECK (statistics IN (0, 1)),
    marketing     INTEGER NOT NULL CHECK (marketing IN (0, 1)),
    source        TEXT NOT NULL,
    ip_prefix     TEXT,
    user_agent    TEXT
) STRICT;

-- Exports of a period and the retention purge.
CREATE INDEX consent_records_by_time ON consent_records (at_ms);
