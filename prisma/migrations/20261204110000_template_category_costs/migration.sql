-- Templates follow Meta (issue 10): the category in force, what it was before, an announced
-- ("impending") change, the reason and time of the last status event, and a person's decision
-- when Meta moves a template to MARKETING (accepted, or resubmitted as UTILITY).
ALTER TABLE "whatsapp_templates"
  ADD COLUMN "previous_category" TEXT,
  ADD COLUMN "category_changed_at" TIMESTAMPTZ(3),
  ADD COLUMN "impending_category" TEXT,
  ADD COLUMN "impending_category_at" TIMESTAMPTZ(3),
  ADD COLUMN "status_reason" TEXT,
  ADD COLUMN "status_changed_at" TIMESTAMPTZ(3),
  ADD COLUMN "accepted_category" TEXT,
  ADD COLUMN "accepted_by" TEXT,
  ADD COLUMN "accepted_at" TIMESTAMPTZ(3),
  ADD COLUMN "resubmitted_at" TIMESTAMPTZ(3);

-- The template category an alert was published with: what its estimate and the month's spend use.
ALTER TABLE "alerts" ADD COLUMN "template_category" TEXT;

-- Messages Meta priced, from the `pricing` object of `delivered` status webhooks, per Europe/Rome
-- month: one row per (month, category, type, billable), incremented once per batch of statuses.
CREATE TABLE "message_charges" (
    "month" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "pricing_type" TEXT NOT NULL,
    "billable" BOOLEAN NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_charges_pkey" PRIMARY KEY ("month","category","pricing_type","billable")
);

-- The single `costPerMessageEur` (a UTILITY message to Italy) becomes the price table
-- `messagePrices` (per category and country, with its date and Meta's 2026 rules); a comune that
-- had set its own figure keeps it as the Italian UTILITY price. Other figures: the defaults of
-- lib/settings/defaults.ts.
INSERT INTO "settings" ("key", "value", "updated_at", "updated_by")
SELECT 'messagePrices',
       jsonb_build_object(
         'effectiveFrom', '2026-10-01',
         'defaultCountry', 'IT',
         'countries', jsonb_build_object('IT', jsonb_build_object(
           'MARKETING', 0.0691, 'UTILITY', "value", 'AUTHENTICATION', 0.03, 'SERVICE', 0.03)),
         'utilityInWindowFrom', '2026-10-01',
         'serviceMeteredFrom', '2026-10-01',
         'serviceFreePerMonth', 1000),
       CURRENT_TIMESTAMP, "updated_by"
  FROM "settings"
 WHERE "key" = 'costPerMessageEur' AND jsonb_typeof("value"::jsonb) = 'number'
ON CONFLICT ("key") DO NOTHING;
DELETE FROM "settings" WHERE "key" = 'costPerMessageEur';
