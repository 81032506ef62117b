-- wamids embed the other party's phone number (base64 of a protobuf holding the digits), so the
-- database keeps only a keyed HMAC of them (lib/privacy/wamid.ts). SQL cannot compute the keyed
-- HMAC: rows written before this migration keep their clear wamids in the renamed columns until
-- the start-up step lib/privacy/wamid-backfill.ts (run right after the SQL migrations) rewrites them.
ALTER TABLE "deliveries" RENAME COLUMN "wamid" TO "wamid_hmac";
ALTER INDEX "deliveries_wamid_key" RENAME TO "deliveries_wamid_hmac_key";
ALTER TABLE "outbound_messages" RENAME COLUMN "wamid" TO "wamid_hmac";
ALTER INDEX "outbound_messages_wamid_key" RENAME TO "outbound_messages_wamid_hmac_key";
