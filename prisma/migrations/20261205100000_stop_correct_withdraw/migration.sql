-- Issue 12, "Stop now" and "Correction and withdrawal".
--
-- A stopped alert (staff stop a SENDING or PAUSED alert) marks what was not sent CANCELLED: a
-- final state, not counted toward the weekly cap of normal alerts (lib/delivery/recipients.ts),
-- shown as such in the progress and the delivery report. The value is only added here; no
-- statement of this migration uses it (PostgreSQL refuses a new enum value in the transaction
-- that adds it).
ALTER TYPE "DeliveryStatus" ADD VALUE 'CANCELLED';

-- A correction is an alert of its own, linked to the alert it corrects and sent to the people who
-- received that one (lib/alerts/correct-alert.ts). Plain column like duplicated_from_id: an alert
-- is never deleted while it has corrections worth showing, and the archive reads the link only.
ALTER TABLE "alerts" ADD COLUMN "corrects_alert_id" UUID;
CREATE INDEX "alerts_corrects_alert_id_idx" ON "alerts"("corrects_alert_id");

-- A withdrawn alert leaves the public archive and its feeds (lib/alerts/withdraw-alert.ts); its
-- page says "Avviso ritirato" without the text.
ALTER TABLE "alerts" ADD COLUMN "withdrawn_at" TIMESTAMPTZ(3);
