-- CreateEnum
CREATE TYPE "SubscriberStatus" AS ENUM ('PENDING', 'ACTIVE', 'UNSUBSCRIBED');

-- CreateEnum
CREATE TYPE "SubscriberSource" AS ENUM ('WEB', 'WHATSAPP', 'IMPORT');

-- CreateEnum
CREATE TYPE "ConsentAction" AS ENUM ('OPT_IN', 'OPT_OUT', 'TOPICS_CHANGED');

-- CreateEnum
CREATE TYPE "ConsentChannel" AS ENUM ('WEB', 'WHATSAPP', 'IMPORT', 'STAFF');

-- CreateEnum
CREATE TYPE "InboundEventKind" AS ENUM ('MESSAGE', 'STATUS', 'TEMPLATE_STATUS');

-- CreateEnum
CREATE TYPE "OutboundStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER');

-- CreateTable
CREATE TABLE "topics" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscribers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "phone_hmac" TEXT NOT NULL,
    "phone_enc" TEXT,
    "first_name_enc" TEXT,
    "last_name_enc" TEXT,
    "wa_user_id_hmac" TEXT,
    "wa_user_id_enc" TEXT,
    "status" "SubscriberStatus" NOT NULL,
    "source" "SubscriberSource" NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'it',
    "confirmation_code" TEXT,
    "pending_topic_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "pending_expires_at" TIMESTAMPTZ(3),
    "awaiting_name" BOOLEAN NOT NULL DEFAULT false,
    "last_inbound_at" TIMESTAMPTZ(3),
    "last_auto_reply_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),

    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriber_topics" (
    "subscriber_id" UUID NOT NULL,
    "topic_id" UUID NOT NULL,

    CONSTRAINT "subscriber_topics_pkey" PRIMARY KEY ("subscriber_id","topic_id")
);

-- CreateTable
CREATE TABLE "consent_events" (
    "id" BIGSERIAL NOT NULL,
    "phone_hmac" TEXT NOT NULL,
    "action" "ConsentAction" NOT NULL,
    "channel" "ConsentChannel" NOT NULL,
    "privacy_version" TEXT,
    "evidence" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_events" (
    "id" BIGSERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" "InboundEventKind" NOT NULL,
    "payload_enc" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "inbound_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_messages" (
    "id" BIGSERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "subscriber_id" UUID,
    "to_enc" TEXT,
    "content_enc" TEXT,
    "purpose" TEXT NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'QUEUED',
    "wamid" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "error_code" INTEGER,
    "error_detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "password_hash" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "totp_secret_enc" TEXT,
    "phone_enc" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "topics_slug_key" ON "topics"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_phone_hmac_key" ON "subscribers"("phone_hmac");

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_wa_user_id_hmac_key" ON "subscribers"("wa_user_id_hmac");

-- CreateIndex
CREATE INDEX "subscribers_status_idx" ON "subscribers"("status");

-- CreateIndex
CREATE INDEX "subscribers_pending_expires_at_idx" ON "subscribers"("pending_expires_at");

-- CreateIndex
CREATE INDEX "subscriber_topics_topic_id_idx" ON "subscriber_topics"("topic_id");

-- CreateIndex
CREATE INDEX "consent_events_phone_hmac_idx" ON "consent_events"("phone_hmac");

-- CreateIndex
CREATE INDEX "consent_events_created_at_action_idx" ON "consent_events"("created_at", "action");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_events_dedupe_key_key" ON "inbound_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "inbound_events_pending_idx" ON "inbound_events"("available_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbound_messages_idempotency_key_key" ON "outbound_messages"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "outbound_messages_wamid_key" ON "outbound_messages"("wamid");

-- CreateIndex
CREATE INDEX "outbound_messages_status_available_at_idx" ON "outbound_messages"("status", "available_at");

-- CreateIndex
CREATE INDEX "rate_limits_window_start_idx" ON "rate_limits"("window_start");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- AddForeignKey
ALTER TABLE "subscriber_topics" ADD CONSTRAINT "subscriber_topics_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber_topics" ADD CONSTRAINT "subscriber_topics_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
