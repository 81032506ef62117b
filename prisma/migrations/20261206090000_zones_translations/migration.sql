-- Issue 13, "Zones without addresses" and "Languages".
--
-- Zones are quartieri and frazioni as data, managed by admins like topics. A subscriber with no
-- row in subscriber_zones gets the whole town; an alert with no row in alert_zones goes to the
-- whole town, and one with rows goes to those zones' subscribers and to the ones with no zone.
CREATE TABLE "zones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'QUARTIERE',
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "is_example" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zones_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "zones_slug_key" ON "zones"("slug");

CREATE TABLE "subscriber_zones" (
    "subscriber_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,

    CONSTRAINT "subscriber_zones_pkey" PRIMARY KEY ("subscriber_id","zone_id")
);
CREATE INDEX "subscriber_zones_zone_id_idx" ON "subscriber_zones"("zone_id");
ALTER TABLE "subscriber_zones" ADD CONSTRAINT "subscriber_zones_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "subscriber_zones" ADD CONSTRAINT "subscriber_zones_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "alert_zones" (
    "alert_id" UUID NOT NULL,
    "zone_id" UUID NOT NULL,

    CONSTRAINT "alert_zones_pkey" PRIMARY KEY ("alert_id","zone_id")
);
CREATE INDEX "alert_zones_zone_id_idx" ON "alert_zones"("zone_id");
ALTER TABLE "alert_zones" ADD CONSTRAINT "alert_zones_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_zones" ADD CONSTRAINT "alert_zones_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The editor's own translations of an alert; each subscriber gets their language, or Italian.
CREATE TABLE "alert_translations" (
    "alert_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_translations_pkey" PRIMARY KEY ("alert_id","language")
);
ALTER TABLE "alert_translations" ADD CONSTRAINT "alert_translations_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
