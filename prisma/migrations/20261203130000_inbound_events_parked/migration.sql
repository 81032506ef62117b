-- An event that fails MAX_ATTEMPTS times is parked instead of blocking or being marked processed.
ALTER TABLE "inbound_events" ADD COLUMN "parked_at" TIMESTAMPTZ(3);

-- Until now a given-up event was marked processed with its payload kept: those are parked events
-- (a processed event has its payload cleared), so they stay out of retention and in sight of staff.
UPDATE "inbound_events"
   SET "parked_at" = "processed_at", "processed_at" = NULL
 WHERE "processed_at" IS NOT NULL AND "payload_enc" IS NOT NULL;
