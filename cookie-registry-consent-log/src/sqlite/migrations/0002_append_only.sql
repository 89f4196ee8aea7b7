-- A visitor's download looks records up by consent ID.
CREATE INDEX consent_records_by_consent_id ON consent_records (consent_id);

-- Records and snapshots are proofs: the database itself refuses to change one. A withdrawal is
-- a new record; only the retention purge deletes.
CREATE TRIGGER consent_records_append_only BEFORE UPDATE ON consent_records
BEGIN
    SELECT RAISE(ABORT, 'consent records are append-only: record a new choice instead');
END;

CREATE TRIGGER policy_snapshots_immutable BEFORE UPDATE ON policy_snapshots
BEGIN
    SELECT RAISE(ABORT, 'policy snapshots are immutable');
END;
