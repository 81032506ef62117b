-- Notices to staff (approval requested, alert paused or held, template rejected or recategorised,
-- launch threshold reached, daily limit reached): one row per person and event, shown on the
-- dashboard whether or not SMTP is configured; mailed too unless the person opted out of the kind.
CREATE TABLE "staff_notices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "event_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "href" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_notices_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "staff_notices_user_id_event_key_key" ON "staff_notices"("user_id", "event_key");
CREATE INDEX "staff_notices_user_id_created_at_idx" ON "staff_notices"("user_id", "created_at");

ALTER TABLE "staff_notices" ADD CONSTRAINT "staff_notices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The kinds a person does not want by e-mail (default: every kind is mailed).
CREATE TABLE "staff_notice_mail_opt_outs" (
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "staff_notice_mail_opt_outs_pkey" PRIMARY KEY ("user_id", "kind")
);

ALTER TABLE "staff_notice_mail_opt_outs" ADD CONSTRAINT "staff_notice_mail_opt_outs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
