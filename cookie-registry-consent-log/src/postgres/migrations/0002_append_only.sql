-- A visitor's download looks records up by consent ID.
CREATE INDEX consent_records_by_consent_id ON consent_records (consent_id);

-- Records and snapshots are proofs: the database itself refuses to change one. A withdrawal is
-- a new record; only the retention purge deletes.
CREATE FUNCTION consent_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: record a new choice instead', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER consent_records_append_only BEFORE UPDATE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_log_refuse_update();

CREATE TRIGGER policy_snapshots_immutable BEFORE UPDATE ON policy_snapshots
    FOR EACH ROW EXECUTE FUNCTION consent_log_refuse_update();
