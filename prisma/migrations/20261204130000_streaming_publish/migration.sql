-- Publishing streams (lib/alerts/continue-publishing.ts): an alert's deliveries are created in
-- committed batches, in subscriber id order, and sending starts on the first one. While batches
-- are still to come, publish_pending_since is set and publish_cursor holds the last subscriber id
-- already handled, so publishing resumes exactly there after a crash; publish_weekly_cap keeps the
-- weekly cap of normal alerts in force when the alert went out (NULL: no cap).
ALTER TABLE "alerts" ADD COLUMN "publish_pending_since" TIMESTAMPTZ(3);
ALTER TABLE "alerts" ADD COLUMN "publish_cursor" UUID;
ALTER TABLE "alerts" ADD COLUMN "publish_weekly_cap" INTEGER;
