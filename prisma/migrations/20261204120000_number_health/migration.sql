-- The business number's health as Meta reports it (lib/delivery/number-health.ts): quality rating,
-- messaging limit and throughput read from GET /<PHONE_NUMBER_ID> at worker start-up and every few
-- minutes, and changed at once by the phone_number_quality_update / business_capability_update
-- webhooks. One row per phone number id. While the number is FLAGGED or RED, normal alerts are held.
CREATE TABLE "number_health" (
    "phone_number_id" TEXT NOT NULL,
    -- GREEN, YELLOW, RED or UNKNOWN (Meta's words); NULL until Meta has been read.
    "quality_rating" TEXT,
    -- TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED (or older TIER_50 / TIER_1K / TIER_NOT_SET).
    "messaging_limit" TEXT,
    -- STANDARD, HIGH or NOT_APPLICABLE.
    "throughput_level" TEXT,
    -- The last quality event was FLAGGED (cleared by UNFLAGGED or a GREEN/YELLOW read).
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    -- 'meta': the figures above were read from Meta (read or webhook); 'manual': Meta could not be
    -- read, the admin's dailyRecipientLimit setting is in use.
    "source" TEXT NOT NULL DEFAULT 'manual',
    "last_event" TEXT,
    "last_event_at" TIMESTAMPTZ(3),
    -- Last successful read (GET) or webhook from Meta.
    "read_at" TIMESTAMPTZ(3),
    -- Why the last read failed (English, no personal data); NULL after a successful one.
    "read_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "number_health_pkey" PRIMARY KEY ("phone_number_id")
);

-- 131049 (Meta did not deliver, to keep ecosystem engagement healthy): nothing more is sent to this
-- subscriber until this time (24 h after Meta's refusal); deliveries meanwhile are SKIPPED.
ALTER TABLE "subscribers" ADD COLUMN "engagement_hold_until" TIMESTAMPTZ(3);

-- Webhook events about the number (quality, messaging limit) in the inbound queue.
ALTER TYPE "InboundEventKind" ADD VALUE 'NUMBER_HEALTH';
