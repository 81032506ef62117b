-- When the person sent the WhatsApp message behind an opt-in / opt-out (Meta's `timestamp`), as
-- opposed to created_at, when we processed it. Meta may deliver an older message after a newer
-- one; comparing these times keeps a late "Iscrivimi" from undoing a later "Cancellami".
-- NULL for entries from other channels and for entries written before this column existed.
ALTER TABLE "consent_events" ADD COLUMN "message_at" TIMESTAMPTZ(3);
