import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { findSchemaDrift } from './schema-drift';

/**
 * The other half of the proof that the drift guard can fail: here the database side is broken
 * (as a careless hand-written migration would) and the real schema.prisma is kept. Each statement
 * runs on this file's own throwaway database.
 */
const SCHEMA = readFileSync(path.resolve(process.cwd(), 'prisma', 'schema.prisma'), 'utf8');

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ seed: false });
});

afterAll(async () => {
  await ctx.close();
});

it('reports what a careless migration gets wrong, one line each', async () => {
  await ctx.pool.query(`
    ALTER TABLE "topics" ALTER COLUMN "created_at" SET DEFAULT now();
    ALTER TABLE "topics" ALTER COLUMN "name" TYPE VARCHAR(80);
    ALTER TABLE "settings" ALTER COLUMN "updated_by" SET NOT NULL;
    ALTER TABLE "rate_limits" ALTER COLUMN "count" DROP DEFAULT;
    ALTER TABLE "consent_events" ALTER COLUMN "created_at" TYPE TIMESTAMP(3);
    ALTER TABLE "subscribers" ADD COLUMN "nickname" TEXT;
    ALTER TYPE "StaffRole" ADD VALUE 'AUDITOR';
    DROP INDEX "staff_users_email_key";
    ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_email_key" UNIQUE ("email");
    DROP INDEX "alerts_published_at_idx";
    CREATE INDEX "alerts_published_at_idx" ON "alerts"("published_at" DESC);
    CREATE INDEX "alerts_title_idx" ON "alerts"("title") WHERE "link" IS NULL;
    ALTER TABLE "alert_topics" DROP CONSTRAINT "alert_topics_alert_id_fkey";
    ALTER TABLE "alert_topics" ADD CONSTRAINT "alert_topics_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id")
      ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE;
    ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_prefix_check" CHECK (length("prefix") > 4);
    CREATE TABLE "scratch" ("id" INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
  `);
  const found = await findSchemaDrift(ctx.pool, SCHEMA);
  expect(found.sort()).toEqual(
    [
      'column topics.created_at: has DEFAULT now(), Prisma creates DEFAULT CURRENT_TIMESTAMP',
      'column topics.name: type is character varying(80), schema.prisma wants text',
      'column settings.updated_by: is NOT NULL, schema.prisma wants nullable',
      'column rate_limits.count: has no default, Prisma creates DEFAULT 0',
      'column consent_events.created_at: type is timestamp(3) without time zone, schema.prisma wants timestamp(3) with time zone',
      'column subscribers.nickname exists but model Subscriber has no field for it',
      'enum StaffRole: values are (ADMIN, EDITOR, VIEWER, AUDITOR), schema.prisma wants (ADMIN, EDITOR, VIEWER) in this order',
      'index staff_users_email_key on staff_users belongs to a UNIQUE constraint: Prisma writes CREATE UNIQUE INDEX instead',
      'alerts_published_at_idx: is index on alerts(published_at DESC), schema.prisma wants index on alerts(published_at)',
      'index alerts_title_idx on alerts is partial (WHERE ...): Prisma cannot express it',
      'index on alerts(title) named alerts_title_idx exists but schema.prisma does not define it',
      'foreign key alert_topics_alert_id_fkey on alert_topics is DEFERRABLE: Prisma creates it NOT DEFERRABLE',
      'alert_topics_alert_id_fkey: is foreign key alert_topics(alert_id) -> alerts(id) ON DELETE Restrict ON UPDATE Cascade, ' +
        'schema.prisma wants foreign key alert_topics(alert_id) -> alerts(id) ON DELETE Cascade ON UPDATE Cascade',
      'check constraint api_keys_prefix_check on api_keys exists but Prisma does not model it: if intended, list it in UNMODELLED_OBJECTS (lib/db/schema-drift.ts)',
      'column scratch.id is an identity column: Prisma uses SERIAL/BIGSERIAL (a sequence default)',
      'table scratch exists but no model in schema.prisma maps to it',
    ].sort(),
  );
});
