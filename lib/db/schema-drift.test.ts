import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { actualSchema, compareSchemas, expectedSchema, findSchemaDrift, UNMODELLED_OBJECTS, type SchemaShape } from './schema-drift';
import { normalizeDefault, prismaConstraintName } from './schema-drift-shape';

/**
 * The database built by prisma/migrations (applied by lib/db/migrate.ts to the test template) must
 * be exactly what Prisma Migrate would build from prisma/schema.prisma. On failure the message
 * lists every difference: fix the migration SQL (or add a new migration) until the list is empty.
 */
const SCHEMA = readFileSync(path.resolve(process.cwd(), 'prisma', 'schema.prisma'), 'utf8');

let ctx: TestContext;
let db: SchemaShape;
let baseline: Set<string>;

beforeAll(async () => {
  ctx = await createTestContext({ seed: false });
  db = await actualSchema(ctx.pool);
  baseline = new Set(compareSchemas(expectedSchema(SCHEMA), db));
});

afterAll(async () => {
  await ctx.close();
});

/** The differences an edited schema adds to those of the real one (which the first test wants empty). */
function drift(schema: string, unmodelled = UNMODELLED_OBJECTS): string[] {
  return compareSchemas(expectedSchema(schema), db, unmodelled).filter((d) => !baseline.has(d));
}

/** Applies a textual edit and fails loudly if the pattern no longer matches. */
function edit(schema: string, pattern: RegExp | string, replacement: string): string {
  const edited = schema.replace(pattern, replacement);
  expect(edited, `${String(pattern)} not found in schema.prisma: update this test`).not.toBe(schema);
  return edited;
}

describe('schema drift between prisma/migrations and prisma/schema.prisma', () => {
  it('finds no difference', async () => {
    const found = await findSchemaDrift(ctx.pool, SCHEMA);
    expect(found, `The migrated database differs from schema.prisma:\n${found.map((d) => `  - ${d}`).join('\n')}\n`).toEqual([]);
  });

  it('has the objects Prisma cannot model, and they work', async () => {
    expect([...db.unmodelled].sort()).toEqual([...UNMODELLED_OBJECTS].sort());
    await ctx.pool.query(`INSERT INTO audit_log (action) VALUES ('login')`);
    await expect(ctx.pool.query(`UPDATE audit_log SET action = 'logout'`)).rejects.toThrow(/append-only/);
    await expect(ctx.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});

// Proof that the guard can fail: each case feeds an edited copy of schema.prisma to the comparison
// and expects exactly the differences a developer would need to fix (schema-drift-catalog.test.ts
// breaks the database side instead).
describe('the drift guard reports', () => {
  it('a renamed column, with its unique index', () => {
    const schema = edit(SCHEMA, /(\n\s*slug\s+String\s+@unique)/, '$1 @map("handle")');
    expect(drift(schema)).toEqual([
      'column topics.handle (Topic.slug, text NOT NULL) is missing',
      'column topics.slug exists but model Topic has no field for it',
      'unique index on topics(handle) named topics_handle_key is missing',
      'unique index on topics(slug) named topics_slug_key exists but schema.prisma does not define it',
    ]);
  });

  it('nullability, type and default changes', () => {
    let schema = edit(SCHEMA, /(\n\s*link\s+)String\?/, '$1String');
    schema = edit(schema, /(\n\s*position\s+)Int(\s)/, '$1BigInt$2');
    schema = edit(schema, /(\n\s*language\s+String\s+)@default\("it"\)/, '$1@default("en")');
    expect(drift(schema)).toEqual([
      'column topics.position: type is integer, schema.prisma wants bigint',
      `column subscribers.language: has DEFAULT 'it'::text, Prisma creates DEFAULT 'en'`,
      'column alerts.link: is nullable, schema.prisma wants NOT NULL',
    ]);
  });

  it('a default Prisma would not create, and one it would', () => {
    let schema = edit(SCHEMA, /(\n\s*createdAt\s+DateTime\s+)@default\(now\(\)\)( @map\("created_at"\) @db.Timestamptz\(3\)\n\s*subscribers)/, '$1$2');
    schema = edit(schema, /(\n\s*evidence\s+String\?)/, '$1 @default(dbgenerated("\'none\'::text"))');
    expect(drift(schema)).toEqual([
      'column topics.created_at: has DEFAULT CURRENT_TIMESTAMP, Prisma creates none',
      `column consent_events.evidence: has no default, Prisma creates DEFAULT 'none'::text`,
    ]);
  });

  it('a changed referential action and a renamed foreign key', () => {
    let schema = edit(
      SCHEMA,
      /(subscriber\s+Subscriber\s+@relation\(fields: \[subscriberId\], references: \[id\]), onDelete: Cascade\)(\n\s*topic\s+Topic)/,
      '$1)$2',
    );
    schema = edit(
      schema,
      /(alert\s+Alert\s+@relation\(fields: \[alertId\], references: \[id\], onDelete: Cascade)\)(\n\s*topic)/,
      '$1, map: "alert_topics_alert_fk")$2',
    );
    expect(drift(schema)).toEqual([
      'subscriber_topics_subscriber_id_fkey: is foreign key subscriber_topics(subscriber_id) -> subscribers(id) ON DELETE Cascade ON UPDATE Cascade, ' +
        'schema.prisma wants foreign key subscriber_topics(subscriber_id) -> subscribers(id) ON DELETE Restrict ON UPDATE Cascade',
      'foreign key alert_topics(alert_id) -> alerts(id) ON DELETE Cascade ON UPDATE Cascade is named alert_topics_alert_id_fkey, Prisma names it alert_topics_alert_fk',
    ]);
  });

  it('a missing index, a reordered composite index and a changed index name', () => {
    let schema = edit(SCHEMA, /(@@map\("topics"\))/, '@@index([name])\n  $1');
    schema = edit(schema, '@@index([status, availableAt])', '@@index([availableAt, status])');
    schema = edit(schema, 'map: "inbound_events_pending_idx"', 'map: "inbound_events_due_idx"');
    expect(drift(schema)).toEqual([
      'index on topics(name) named topics_name_idx is missing',
      'index on inbound_events(processed_at, kind, available_at) is named inbound_events_pending_idx, Prisma names it inbound_events_due_idx',
      'index on outbound_messages(available_at, status) named outbound_messages_available_at_status_idx is missing',
      'index on outbound_messages(status, available_at) named outbound_messages_status_available_at_idx exists but schema.prisma does not define it',
    ]);
  });

  it('enum values out of order and a table without a model', () => {
    let schema = edit(SCHEMA, /(enum StaffRole \{\s*)ADMIN(\s*)EDITOR/, '$1EDITOR$2ADMIN');
    schema = edit(schema, /\nmodel ApiKey \{[\s\S]*?\n\}\n?/, '\n');
    expect(drift(schema)).toEqual([
      'table api_keys exists but no model in schema.prisma maps to it',
      'enum StaffRole: values are (ADMIN, EDITOR, VIEWER), schema.prisma wants (EDITOR, ADMIN, VIEWER) in this order',
    ]);
  });

  it('unmodelled objects that are not allowed, or missing', () => {
    const list = [...UNMODELLED_OBJECTS.filter((o) => o !== 'trigger audit_log_no_update_delete on audit_log'), 'trigger audit_log_gone on audit_log'];
    expect(drift(SCHEMA, list)).toEqual([
      'trigger audit_log_no_update_delete on audit_log exists but Prisma does not model it: if intended, list it in UNMODELLED_OBJECTS (lib/db/schema-drift.ts)',
      'trigger audit_log_gone on audit_log is missing (listed in UNMODELLED_OBJECTS)',
    ]);
  });
});

describe('drift guard helpers', () => {
  it('names constraints as Prisma does, cut to 63 bytes', () => {
    expect(prismaConstraintName('deliveries', ['alert_id', 'subscriber_id'], '_key')).toBe('deliveries_alert_id_subscriber_id_key');
    expect(prismaConstraintName('topics', ['id'], '_pkey')).toBe('topics_pkey');
    const long = prismaConstraintName('a_rather_long_table_name', ['first_long_column', 'second_long_column'], '_fkey');
    expect(long).toBe('a_rather_long_table_name_first_long_column_second_long_col_fkey');
    expect(long).toHaveLength(63);
  });

  it('compares defaults without casts, spaces or case', () => {
    expect(normalizeDefault(`'it'::text`)).toBe(normalizeDefault(`'it'`));
    expect(normalizeDefault('ARRAY[]::uuid[]')).toBe(normalizeDefault('ARRAY[]::UUID[]'));
    expect(normalizeDefault(`'QUEUED'::"OutboundStatus"`)).toBe(`'QUEUED'`);
    expect(normalizeDefault(`'-1'::integer`)).toBe('-1');
    expect(normalizeDefault(`ARRAY['a'::text, 'b'::text]`)).toBe(`array['a','b']`);
    expect(normalizeDefault('now()')).not.toBe(normalizeDefault('CURRENT_TIMESTAMP'));
  });
});
