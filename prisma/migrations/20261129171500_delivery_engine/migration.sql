-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "claimed_by" TEXT;

-- AlterTable
ALTER TABLE "subscribers" ADD COLUMN     "quota_counted_at" TIMESTAMPTZ(3),
ADD COLUMN     "undeliverable_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "send_rate_limiter" (
    "key" TEXT NOT NULL,
    "next_slot_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "slow_factor" INTEGER NOT NULL DEFAULT 1,
    "slow_until" TIMESTAMPTZ(3),
    "throttled_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_rate_limiter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "subscribers_quota_counted_at_idx" ON "subscribers"("quota_counted_at");

-- CreateIndex
CREATE INDEX "deliveries_alert_id_status_available_at_idx" ON "deliveries"("alert_id", "status", "available_at");
