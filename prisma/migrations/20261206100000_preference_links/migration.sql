-- Issue 13, "A preferences page reached from WhatsApp": "Preferenze" in the chat sends a personal
-- link to /preferenze. Only the SHA-256 of the link's random token is kept; a link expires
-- (expires_at), serves one change set (used_at) and is replaced by the next one the person asks
-- for. Rows go with the subscriber.
CREATE TABLE "preference_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscriber_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "preference_links_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "preference_links_token_hash_key" ON "preference_links"("token_hash");

CREATE INDEX "preference_links_subscriber_id_idx" ON "preference_links"("subscriber_id");

ALTER TABLE "preference_links" ADD CONSTRAINT "preference_links_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
