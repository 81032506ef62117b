-- DropIndex
DROP INDEX "deliveries_status_priority_available_at_idx";

-- DropIndex
DROP INDEX "inbound_events_pending_idx";

-- CreateIndex
CREATE INDEX "inbound_events_pending_idx" ON "inbound_events"("processed_at", "available_at");
