-- A WhatsApp user with a username may write without a phone number, carrying only a
-- business-scoped user id (BSUID). Such a subscriber is found by the BSUID's keyed HMAC
-- (wa_user_id_hmac, already unique) and has no number HMAC. Each row is found by at least one
-- of the two; both stay unique (NULLs are distinct in a unique index).
ALTER TABLE "subscribers" ALTER COLUMN "phone_hmac" DROP NOT NULL;
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_identity_check"
  CHECK ("phone_hmac" IS NOT NULL OR "wa_user_id_hmac" IS NOT NULL);
