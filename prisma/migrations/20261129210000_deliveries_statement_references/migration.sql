-- Deliveries reference alerts and subscribers through checks that run once per STATEMENT instead
-- of foreign keys, which run one lookup-and-lock query per ROW. Publishing 100,000 deliveries is
-- one INSERT … SELECT; its 200,000 per-row checks were about half of its time
-- (docs/delivery.md, "Publishing"). The guarantees stay those of the foreign keys:
--   * an inserted delivery's alert and subscriber exist, and are locked FOR KEY SHARE until the
--     transaction ends (as a foreign key locks them), so a concurrent DELETE waits and then
--     cascades to the new rows;
--   * deleting an alert or a subscriber deletes its deliveries (was ON DELETE CASCADE);
--   * a delivery's alert_id and subscriber_id never change, and an alert's or subscriber's id
--     cannot change while deliveries point at it (was ON UPDATE CASCADE; ids are never updated).
-- schema.prisma keeps alertId / subscriberId as plain columns (no @relation), see model Delivery.

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_alert_id_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_subscriber_id_fkey";

CREATE FUNCTION "deliveries_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted bigint;
  found bigint;
  missing text;
BEGIN
  -- Alerts: one per publishing statement, so DISTINCT first, then lock the few rows.
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT "alert_id" FROM "refs_new") x;
  SELECT count(*) INTO found
    FROM (SELECT 1 FROM "alerts" a WHERE a."id" IN (SELECT "alert_id" FROM "refs_new") FOR KEY SHARE OF a) y;
  IF found <> wanted THEN
    SELECT n."alert_id"::text INTO missing FROM "refs_new" n
     WHERE NOT EXISTS (SELECT 1 FROM "alerts" a WHERE a."id" = n."alert_id") LIMIT 1;
    RAISE EXCEPTION 'insert on table "deliveries" violates its reference to "alerts"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (alert_id)=(%s) is not present in table "alerts".', missing);
  END IF;
  -- Subscribers: one join, every matched row locked; a row per delivery matches exactly one
  -- subscriber (primary key), so the counts are equal exactly when none is missing.
  SELECT count(*) INTO wanted FROM "refs_new";
  SELECT count(*) INTO found
    FROM (SELECT 1 FROM "refs_new" n JOIN "subscribers" s ON s."id" = n."subscriber_id" FOR KEY SHARE OF s) y;
  IF found <> wanted THEN
    SELECT n."subscriber_id"::text INTO missing FROM "refs_new" n
     WHERE NOT EXISTS (SELECT 1 FROM "subscribers" s WHERE s."id" = n."subscriber_id") LIMIT 1;
    RAISE EXCEPTION 'insert on table "deliveries" violates its reference to "subscribers"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (subscriber_id)=(%s) is not present in table "subscribers".', missing);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "deliveries_references_insert" AFTER INSERT ON "deliveries"
  REFERENCING NEW TABLE AS "refs_new" FOR EACH STATEMENT EXECUTE FUNCTION "deliveries_check_references"();

CREATE FUNCTION "deliveries_references_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'deliveries.alert_id and deliveries.subscriber_id cannot change (delivery %)', OLD."id"
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "deliveries_references_update" BEFORE UPDATE OF "alert_id", "subscriber_id" ON "deliveries"
  FOR EACH ROW WHEN (OLD."alert_id" IS DISTINCT FROM NEW."alert_id" OR OLD."subscriber_id" IS DISTINCT FROM NEW."subscriber_id")
  EXECUTE FUNCTION "deliveries_references_fixed"();

CREATE FUNCTION "deliveries_cascade_alerts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "deliveries" d USING "refs_old" o WHERE d."alert_id" = o."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "deliveries_cascade_alerts_delete" AFTER DELETE ON "alerts"
  REFERENCING OLD TABLE AS "refs_old" FOR EACH STATEMENT EXECUTE FUNCTION "deliveries_cascade_alerts"();

CREATE FUNCTION "deliveries_cascade_subscribers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "deliveries" d USING "refs_old" o WHERE d."subscriber_id" = o."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "deliveries_cascade_subscribers_delete" AFTER DELETE ON "subscribers"
  REFERENCING OLD TABLE AS "refs_old" FOR EACH STATEMENT EXECUTE FUNCTION "deliveries_cascade_subscribers"();

-- Ids are never updated; if one ever is while deliveries point at it, refuse (NO ACTION).
CREATE FUNCTION "deliveries_alert_id_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "deliveries" WHERE "alert_id" = OLD."id") THEN
    RAISE EXCEPTION 'update on table "alerts" would orphan the deliveries of alert %', OLD."id" USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "deliveries_referenced_alert_id" BEFORE UPDATE OF "id" ON "alerts"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "deliveries_alert_id_fixed"();

CREATE FUNCTION "deliveries_subscriber_id_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "deliveries" WHERE "subscriber_id" = OLD."id") THEN
    RAISE EXCEPTION 'update on table "subscribers" would orphan the deliveries of subscriber %', OLD."id" USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "deliveries_referenced_subscriber_id" BEFORE UPDATE OF "id" ON "subscribers"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "deliveries_subscriber_id_fixed"();
