-- CreateTable
CREATE TABLE "stat_deltas" (
    "id" BIGSERIAL NOT NULL,
    "metric" TEXT NOT NULL,
    "day" DATE,
    "delta" BIGINT NOT NULL,

    CONSTRAINT "stat_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stat_deltas_day_metric_idx" ON "stat_deltas"("day", "metric");

-- CreateIndex
CREATE INDEX "subscribers_created_at_idx" ON "subscribers"("created_at");

-- Statistics rollup (lib/stats/README.md). Triggers append signed deltas to stat_deltas; the
-- dashboard sums a few hundred rows instead of counting a million. Appending (never updating a
-- shared counter row) means no lock is shared between concurrent transactions, so no waits and no
-- deadlocks. Metrics:
--   subscribers:<status>:<source>   day NULL   subscribers by status and source
--   topic:<topic id>                day NULL   ACTIVE subscribers following the topic
--   consent:<action>                day        consent ledger entries per Europe/Rome day
--   sent                            day        alert messages accepted by Meta per Europe/Rome day

CREATE FUNCTION "stats_subscribers_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'subscribers:' || "status"::text || ':' || "source"::text, count(*) FROM "stats_new" GROUP BY "status", "source";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_subscribers_insert" AFTER INSERT ON "subscribers"
  REFERENCING NEW TABLE AS "stats_new" FOR EACH STATEMENT EXECUTE FUNCTION "stats_subscribers_inserted"();

CREATE FUNCTION "stats_subscribers_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'subscribers:' || "status"::text || ':' || "source"::text, -count(*) FROM "stats_old" GROUP BY "status", "source";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_subscribers_delete" AFTER DELETE ON "subscribers"
  REFERENCING OLD TABLE AS "stats_old" FOR EACH STATEMENT EXECUTE FUNCTION "stats_subscribers_deleted"();

-- Before the row goes: its topic rows still exist here (the cascade deletes them afterwards, when
-- the subscriber can no longer be seen as ACTIVE by the subscriber_topics trigger).
CREATE FUNCTION "stats_subscriber_deleting"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'topic:' || "topic_id"::text, -1 FROM "subscriber_topics" WHERE "subscriber_id" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "stats_subscribers_delete_topics" BEFORE DELETE ON "subscribers"
  FOR EACH ROW WHEN (OLD."status" = 'ACTIVE') EXECUTE FUNCTION "stats_subscriber_deleting"();

-- Row level with WHEN: the many updates that do not touch status or source (delivery quota,
-- last message time) never call the function.
CREATE FUNCTION "stats_subscriber_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta") VALUES
    ('subscribers:' || OLD."status"::text || ':' || OLD."source"::text, -1),
    ('subscribers:' || NEW."status"::text || ':' || NEW."source"::text, 1);
  IF (OLD."status" = 'ACTIVE') <> (NEW."status" = 'ACTIVE') THEN
    INSERT INTO "stat_deltas" ("metric", "delta")
    SELECT 'topic:' || "topic_id"::text, CASE WHEN NEW."status" = 'ACTIVE' THEN 1 ELSE -1 END
      FROM "subscriber_topics" WHERE "subscriber_id" = NEW."id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_subscribers_update" AFTER UPDATE ON "subscribers"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."source" IS DISTINCT FROM NEW."source")
  EXECUTE FUNCTION "stats_subscriber_changed"();

CREATE FUNCTION "stats_subscriber_topics_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'topic:' || n."topic_id"::text, count(*)
    FROM "stats_new" n JOIN "subscribers" s ON s."id" = n."subscriber_id"
   WHERE s."status" = 'ACTIVE' GROUP BY n."topic_id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_subscriber_topics_insert" AFTER INSERT ON "subscriber_topics"
  REFERENCING NEW TABLE AS "stats_new" FOR EACH STATEMENT EXECUTE FUNCTION "stats_subscriber_topics_inserted"();

CREATE FUNCTION "stats_subscriber_topics_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'topic:' || o."topic_id"::text, -count(*)
    FROM "stats_old" o JOIN "subscribers" s ON s."id" = o."subscriber_id"
   WHERE s."status" = 'ACTIVE' GROUP BY o."topic_id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_subscriber_topics_delete" AFTER DELETE ON "subscriber_topics"
  REFERENCING OLD TABLE AS "stats_old" FOR EACH STATEMENT EXECUTE FUNCTION "stats_subscriber_topics_deleted"();

CREATE FUNCTION "stats_consent_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "stat_deltas" ("metric", "day", "delta")
  SELECT 'consent:' || "action"::text, ("created_at" AT TIME ZONE 'Europe/Rome')::date, count(*)
    FROM "stats_new" GROUP BY 1, 2;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_consent_events_insert" AFTER INSERT ON "consent_events"
  REFERENCING NEW TABLE AS "stats_new" FOR EACH STATEMENT EXECUTE FUNCTION "stats_consent_inserted"();

-- sent_at is set once, when Meta accepts the message (record-results.ts, apply-statuses.ts).
-- Most updates (claims, deferrals, delivered/read) leave it as it was: they return at the EXISTS.
CREATE FUNCTION "stats_deliveries_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "stats_new" WHERE "sent_at" IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "stat_deltas" ("metric", "day", "delta")
  SELECT 'sent', (n."sent_at" AT TIME ZONE 'Europe/Rome')::date, count(*)
    FROM "stats_new" n JOIN "stats_old" o ON o."id" = n."id"
   WHERE n."sent_at" IS NOT NULL AND o."sent_at" IS NULL
   GROUP BY 2;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "stats_deliveries_update" AFTER UPDATE ON "deliveries"
  REFERENCING OLD TABLE AS "stats_old" NEW TABLE AS "stats_new" FOR EACH STATEMENT EXECUTE FUNCTION "stats_deliveries_updated"();

-- Recomputes every metric from the tables (first fill, repairs, bulk loads with triggers off).
-- SHARE locks keep writers out meanwhile, so no delta is lost or counted twice.
CREATE FUNCTION "stats_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "subscribers", "subscriber_topics", "consent_events", "deliveries" IN SHARE MODE;
  LOCK TABLE "stat_deltas" IN EXCLUSIVE MODE;
  DELETE FROM "stat_deltas";
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'subscribers:' || "status"::text || ':' || "source"::text, count(*) FROM "subscribers" GROUP BY "status", "source";
  INSERT INTO "stat_deltas" ("metric", "delta")
  SELECT 'topic:' || st."topic_id"::text, count(*)
    FROM "subscriber_topics" st JOIN "subscribers" s ON s."id" = st."subscriber_id"
   WHERE s."status" = 'ACTIVE' GROUP BY st."topic_id";
  INSERT INTO "stat_deltas" ("metric", "day", "delta")
  SELECT 'consent:' || "action"::text, ("created_at" AT TIME ZONE 'Europe/Rome')::date, count(*) FROM "consent_events" GROUP BY 1, 2;
  INSERT INTO "stat_deltas" ("metric", "day", "delta")
  SELECT 'sent', ("sent_at" AT TIME ZONE 'Europe/Rome')::date, count(*) FROM "deliveries" WHERE "sent_at" IS NOT NULL GROUP BY 2;
END;
$$;

SELECT "stats_rebuild"();
