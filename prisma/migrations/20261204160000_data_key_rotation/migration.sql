-- Data key rotation (issue 11, lib/privacy/key-rotation.ts, docs/security.md "Keys and rotation").
-- data_key_chain: fingerprints of every data key of this installation, oldest first, the current
-- one (data_key_fingerprint) last. Look-up HMACs are chained through them in this order, so a start
-- must configure exactly these keys (DATA_ENCRYPTION_KEY_PREVIOUS + DATA_ENCRYPTION_KEY).
-- rotation_phase: NULL when idle; 'lookups' while keys:rotate extends the stored HMACs by the link of
-- rotation_to (rotation_cursors: how far each table got, updated in the same transaction as each
-- batch, so a run that stops resumes without applying a link twice); 'ciphertexts' while it
-- re-encrypts the rows still under an older key (the service may run then).
-- AlterTable
ALTER TABLE "installation" ADD COLUMN     "data_key_chain" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rotation_phase" TEXT,
ADD COLUMN     "rotation_to" TEXT,
ADD COLUMN     "rotation_cursors" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "rotation_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "rotated_at" TIMESTAMPTZ(3);

-- Installations from before rotation have had one key.
UPDATE "installation" SET "data_key_chain" = ARRAY["data_key_fingerprint"];

-- The audit log stays append-only, with one exception: keys:rotate extends the HMAC of the IP
-- address (ip_hmac) by the new key's link, like every other look-up, and nothing else may change:
-- only in a transaction that set banditore.key_rotation = 'on', only UPDATE, only that column.
CREATE OR REPLACE FUNCTION "audit_log_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('banditore.key_rotation', true) = 'on'
     AND (NEW."id", NEW."at", NEW."actor_id", NEW."actor_email", NEW."action", NEW."target", NEW."details"::text)
         IS NOT DISTINCT FROM (OLD."id", OLD."at", OLD."actor_id", OLD."actor_email", OLD."action", OLD."target", OLD."details"::text) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
