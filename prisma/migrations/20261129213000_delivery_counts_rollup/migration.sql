-- CreateTable
CREATE TABLE "delivery_count_deltas" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "reason" TEXT,
    "code" INTEGER,
    "delta" BIGINT NOT NULL,

    CONSTRAINT "delivery_count_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_count_deltas_alert_id_idx" ON "delivery_count_deltas"("alert_id");

-- An alert's progress (lib/delivery/progress.ts) as a rollup: counting the rows of an alert sent
-- to a million people takes ~360 ms on both cores, at every poll of the progress bar. Statement
-- triggers on deliveries append signed deltas per (alert, status, reason, code), the pattern of
-- stat_deltas (lib/stats/README.md): append-only, so concurrent senders never wait on a shared
-- counter row; a read sums a handful of rows and folds them when there are many.
--   reason: error_detail of SKIPPED rows, and 'daily_limit' for QUEUED rows held by the daily limit
--   code:   error_code of FAILED rows

-- The key of a row; SQL functions, inlined by the planner.
CREATE FUNCTION "delivery_count_reason"("status" "DeliveryStatus", "detail" TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN "status" = 'SKIPPED' OR ("status" = 'QUEUED' AND "detail" = 'daily_limit') THEN "detail" END
$$;

CREATE FUNCTION "delivery_count_code"("status" "DeliveryStatus", "code" INTEGER) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN "status" = 'FAILED' THEN "code" END
$$;

CREATE FUNCTION "delivery_counts_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "delivery_count_deltas" ("alert_id", "status", "reason", "code", "delta")
  SELECT "alert_id", "status",
         "delivery_count_reason"("status", "error_detail"),
         "delivery_count_code"("status", "error_code"),
         count(*)
    FROM "counts_new" GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "delivery_counts_insert" AFTER INSERT ON "deliveries"
  REFERENCING NEW TABLE AS "counts_new" FOR EACH STATEMENT EXECUTE FUNCTION "delivery_counts_inserted"();

-- Old rows count -1, new rows +1 under their keys; keys whose sum is 0 (rows that kept their
-- status, e.g. a lease renewed) add nothing.
CREATE FUNCTION "delivery_counts_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "delivery_count_deltas" ("alert_id", "status", "reason", "code", "delta")
  SELECT "alert_id", "status", "reason", "code", sum("d")
    FROM (SELECT "alert_id", "status",
                 "delivery_count_reason"("status", "error_detail") AS "reason",
                 "delivery_count_code"("status", "error_code") AS "code",
                 -1 AS "d"
            FROM "counts_old"
          UNION ALL
          SELECT "alert_id", "status",
                 "delivery_count_reason"("status", "error_detail"),
                 "delivery_count_code"("status", "error_code"),
                 1
            FROM "counts_new") x
   GROUP BY 1, 2, 3, 4 HAVING sum("d") <> 0;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "delivery_counts_update" AFTER UPDATE ON "deliveries"
  REFERENCING OLD TABLE AS "counts_old" NEW TABLE AS "counts_new" FOR EACH STATEMENT EXECUTE FUNCTION "delivery_counts_updated"();

CREATE FUNCTION "delivery_counts_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "delivery_count_deltas" ("alert_id", "status", "reason", "code", "delta")
  SELECT "alert_id", "status",
         "delivery_count_reason"("status", "error_detail"),
         "delivery_count_code"("status", "error_code"),
         -count(*)
    FROM "counts_old" GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "delivery_counts_delete" AFTER DELETE ON "deliveries"
  REFERENCING OLD TABLE AS "counts_old" FOR EACH STATEMENT EXECUTE FUNCTION "delivery_counts_deleted"();

-- A deleted alert's deliveries go with it (deliveries_cascade_alerts_delete, which fires first:
-- triggers fire in name order), and so do its counts.
CREATE FUNCTION "delivery_counts_alert_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "delivery_count_deltas" c USING "counts_alerts_old" o WHERE c."alert_id" = o."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "delivery_counts_alerts_delete" AFTER DELETE ON "alerts"
  REFERENCING OLD TABLE AS "counts_alerts_old" FOR EACH STATEMENT EXECUTE FUNCTION "delivery_counts_alert_deleted"();

-- Recomputes the rollup from deliveries (first fill, repairs, bulk loads with triggers off).
-- A SHARE lock keeps writers out meanwhile, so no delta is lost or counted twice.
CREATE FUNCTION "delivery_counts_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "deliveries" IN SHARE MODE;
  LOCK TABLE "delivery_count_deltas" IN EXCLUSIVE MODE;
  DELETE FROM "delivery_count_deltas";
  INSERT INTO "delivery_count_deltas" ("alert_id", "status", "reason", "code", "delta")
  SELECT "alert_id", "status",
         "delivery_count_reason"("status", "error_detail"),
         "delivery_count_code"("status", "error_code"),
         count(*)
    FROM "deliveries" GROUP BY 1, 2, 3, 4;
END;
$$;

SELECT "delivery_counts_rebuild"();
