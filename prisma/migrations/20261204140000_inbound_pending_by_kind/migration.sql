-- The status claim (lib/inbound/process-events.ts) takes pending STATUS events in available_at
-- order. With the kind in the pending index it reads exactly that range, in order, and stops at
-- its limit; an index scan (not a bitmap scan, which the sort forced) also marks the entries of
-- processed events dead as it passes them, so at thousands of statuses a second it no longer walks
-- tens of thousands of them between two vacuums. The health backlog (processed_at IS NULL) still
-- uses its first column.
DROP INDEX "inbound_events_pending_idx";
CREATE INDEX "inbound_events_pending_idx" ON "inbound_events"("processed_at", "kind", "available_at");
