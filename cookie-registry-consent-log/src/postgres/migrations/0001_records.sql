-- The policy each choice was made on, once per revision, and the choices themselves.
-- policy_json is TEXT, not JSONB: JSONB would rewrite the text, and the hash is of the bytes.
CREATE TABLE policy_snapshots (
    revision     TEXT PRIMARY KEY CHECK (length(revision) = 16),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    policy_json  TEXT NOT NULL,
    stored_at_ms BIGINT NOT NULL
);

-- The writers take their numbers from consent_records_id_seq before inserting, so that each
-- caller learns its record's number from a multi-row insert.
CREATE TABLE consent_records (
    id            BIGSERIAL PRIMARY KEY,
    consent_id    TEXT NOT NULL CHECK (length(consent_id) = 32),
    at_ms         BIGINT NOT NULL,
    revision      TEXT NOT NULL REFERENCES policy_snapshots (revision),
    functionality BOOLEAN NOT NULL,
    statistics    BOOLEAN NOT NULL,
    marketing     BOOLEAN NOT NULL,
    source        TEXT NOT NULL,
    ip_prefix     TEXT,
    user_agent    TEXT
);

-- Exports of a period and the retention purge.
CREATE INDEX consent_records_by_time ON consent_records (at_ms);
