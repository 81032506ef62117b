-- Outbox of e-mails to staff (notifications, password reset): written in the caller's transaction,
-- sent by the worker over SMTP, retried with backoff until it is sent or gives up, so a mail
-- server that is down loses nothing. The body is erased once the mail is sent or has failed.
CREATE TYPE "MailStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');

CREATE TABLE "mail_messages" (
    "id" BIGSERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "to_email" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body_text" TEXT,
    "status" "MailStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "error_detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mail_messages_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "mail_messages_idempotency_key_key" ON "mail_messages"("idempotency_key");
CREATE INDEX "mail_messages_status_available_at_idx" ON "mail_messages"("status", "available_at");
