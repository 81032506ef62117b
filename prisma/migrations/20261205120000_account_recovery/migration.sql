-- Password reset by e-mail (lib/auth/password-reset.ts): at most one open link per staff user (the
-- newest replaces the older, so an older link stops working), stored as the SHA-256 of the random
-- token only; using the link deletes the row in the same statement that checks it (single use).
CREATE TABLE "password_reset_tokens" (
    "staff_user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("staff_user_id")
);

CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");

ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- "Sessioni aperte" on the profile: a short summary of the browser ("Firefox su Linux"), never the
-- whole User-Agent string.
ALTER TABLE "staff_sessions" ADD COLUMN "user_agent" TEXT;
