-- Issue 9: API keys get scopes (lib/access/api-scopes.ts) and an expiry.
-- New keys: draft-only by default (the application always writes scopes and expires_at; a NULL
-- scopes array, which Prisma's list columns allow, means no scope at all).
-- Existing keys keep working as before — they could create, send and schedule alerts and read the
-- statistics — so they are given those scopes explicitly, and an expiry 90 days from this
-- migration: the operator replaces them with keys scoped to what each system needs
-- (docs/security.md, "What an operator must do").
ALTER TABLE "api_keys" ADD COLUMN "scopes" TEXT[] DEFAULT ARRAY['alerts:draft']::TEXT[];
ALTER TABLE "api_keys" ADD COLUMN "expires_at" TIMESTAMPTZ(3);

UPDATE "api_keys"
   SET "scopes" = ARRAY['alerts:draft', 'alerts:send', 'stats:read']::TEXT[],
       "expires_at" = date_trunc('milliseconds', now()) + interval '90 days';

ALTER TABLE "api_keys" ALTER COLUMN "expires_at" SET NOT NULL;
