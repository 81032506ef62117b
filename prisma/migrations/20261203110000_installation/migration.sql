-- One row of facts about this installation, checked at every start (lib/privacy/data-key-fingerprint.ts).
-- data_key_fingerprint: HKDF-SHA256 of DATA_ENCRYPTION_KEY with its own label (never the key, and
-- useless to recover it); a process started with another key refuses to start instead of writing
-- rows nobody can decrypt. data_key_id: its first 16 hex characters, the id key rotation will put in
-- ciphertexts (issue 11).
-- CreateTable
CREATE TABLE "installation" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "data_key_id" TEXT NOT NULL,
    "data_key_fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);
