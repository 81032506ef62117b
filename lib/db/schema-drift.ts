import { actualSchema, type Queryable } from './schema-drift-actual';
import { expectedSchema } from './schema-drift-expected';
import type { ForeignKeyShape, IndexShape, SchemaShape } from './schema-drift-shape';

/**
 * Schema drift guard. The Prisma CLI's schema engine cannot run here, so migrations are written
 * by hand; this compares the database they produce with what Prisma Migrate would create for
 * prisma/schema.prisma (tables, columns, types, nullability, defaults, enums, primary keys, indexes,
 * foreign keys, constraint names), so that `prisma migrate diff` finds nothing wherever it can run.
 * Every difference is returned as one readable line. Test-only: it needs @prisma/prisma-schema-wasm,
 * a devDependency.
 */
export { actualSchema, expectedSchema };
export type { Queryable, SchemaShape };

/**
 * Database objects our migrations create that Prisma cannot model. They must exist, and no other
 * object of these kinds may: add one here (with the migration that creates it) when it is intended.
 */
export const UNMODELLED_OBJECTS: readonly string[] = [
  'function audit_log_immutable()', // raises on any UPDATE/DELETE of audit_log
  'trigger audit_log_no_update_delete on audit_log',
  // Statistics rollup (migration 20261129190000_stats_rollup, lib/stats/README.md): triggers append to stat_deltas.
  'function stats_subscribers_inserted()',
  'function stats_subscribers_deleted()',
  'function stats_subscriber_deleting()',
  'function stats_subscriber_changed()',
  'function stats_subscriber_topics_inserted()',
  'function stats_subscriber_topics_deleted()',
  'function stats_consent_inserted()',
  'function stats_deliveries_updated()',
  'function stats_rebuild()',
  'trigger stats_subscribers_insert on subscribers',
  'trigger stats_subscribers_delete on subscribers',
  'trigger stats_subscribers_delete_topics on subscribers',
  'trigger stats_subscribers_update on subscribers',
  'trigger stats_subscriber_topics_insert on subscriber_topics',
  'trigger stats_subscriber_topics_delete on subscriber_topics',
  'trigger stats_consent_events_insert on consent_events',
  'trigger stats_deliveries_update on deliveries',
  // Deliveries' references checked per statement (migration 20261129210000_deliveries_statement_references).
  'function deliveries_check_references()',
  'function deliveries_references_fixed()',
  'function deliveries_cascade_alerts()',
  'function deliveries_cascade_subscribers()',
  'function deliveries_alert_id_fixed()',
  'function deliveries_subscriber_id_fixed()',
  'trigger deliveries_references_insert on deliveries',
  'trigger deliveries_references_update on deliveries',
  'trigger deliveries_cascade_alerts_delete on alerts',
  'trigger deliveries_cascade_subscribers_delete on subscribers',
  'trigger deliveries_referenced_alert_id on alerts',
  'trigger deliveries_referenced_subscriber_id on subscribers',
  // Delivery counts rollup (migration 20261129213000_delivery_counts_rollup, lib/delivery/progress.ts).
  'function delivery_count_reason(status "DeliveryStatus", detail text)',
  'function delivery_count_code(status "DeliveryStatus", code integer)',
  'function delivery_counts_inserted()',
  'function delivery_counts_updated()',
  'function delivery_counts_deleted()',
  'function delivery_counts_alert_deleted()',
  'function delivery_counts_rebuild()',
  'trigger delivery_counts_insert on deliveries',
  'trigger delivery_counts_update on deliveries',
  'trigger delivery_counts_delete on deliveries',
  'trigger delivery_counts_alerts_delete on alerts',
  // A subscriber is found by number or by BSUID (migration 20261204100100_subscriber_identity_bsuid).
  'check constraint subscribers_identity_check on subscribers',
];

export async function findSchemaDrift(db: Queryable, prismaSchema: string, unmodelled = UNMODELLED_OBJECTS): Promise<string[]> {
  return compareSchemas(expectedSchema(prismaSchema), await actualSchema(db), unmodelled);
}

/**
 * Lists what differs between `expected` (from schema.prisma) and `actual` (the database).
 * `unmodelled` names the objects Prisma does not model that must exist (e.g.
 * `trigger audit_log_no_update_delete on audit_log`); any other such object is a difference.
 */
export function compareSchemas(expected: SchemaShape, actual: SchemaShape, unmodelled = UNMODELLED_OBJECTS): string[] {
  const out: string[] = [...expected.problems.map((p) => `schema.prisma: ${p}`), ...actual.problems];

  for (const [name, et] of expected.tables) {
    const at = actual.tables.get(name);
    if (!at) {
      out.push(`table ${name} (${et.origin}) is missing`);
      continue;
    }
    for (const [col, ec] of et.columns) {
      const ac = at.columns.get(col);
      const where = `column ${name}.${col}`;
      if (!ac) {
        out.push(`${where} (${ec.origin}, ${ec.type ?? '?'}${ec.notNull ? ' NOT NULL' : ''}) is missing`);
        continue;
      }
      if (ec.type !== null && ec.type !== ac.type) out.push(`${where}: type is ${ac.type}, schema.prisma wants ${ec.type}`);
      if (ec.notNull !== ac.notNull)
        out.push(`${where}: is ${ac.notNull ? 'NOT NULL' : 'nullable'}, schema.prisma wants ${ec.notNull ? 'NOT NULL' : 'nullable'}`);
      if (ec.default && !ac.default) out.push(`${where}: has no default, Prisma creates DEFAULT ${ec.default.sql}`);
      else if (!ec.default && ac.default) out.push(`${where}: has DEFAULT ${ac.default.sql}, Prisma creates none`);
      else if (ec.default && ac.default && ec.default.normalized !== undefined && ec.default.normalized !== ac.default.normalized) {
        out.push(`${where}: has DEFAULT ${ac.default.sql}, Prisma creates DEFAULT ${ec.default.sql}`);
      }
    }
    for (const col of at.columns.keys()) {
      if (!et.columns.has(col)) out.push(`column ${name}.${col} exists but ${et.origin} has no field for it`);
    }
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) out.push(`table ${name} exists but no model in schema.prisma maps to it`);
  }

  for (const [name, values] of expected.enums) {
    const got = actual.enums.get(name);
    if (!got) out.push(`enum ${name} (${values.join(', ')}) is missing`);
    else if (got.join(',') !== values.join(','))
      out.push(`enum ${name}: values are (${got.join(', ')}), schema.prisma wants (${values.join(', ')}) in this order`);
  }
  for (const name of actual.enums.keys()) {
    if (!expected.enums.has(name)) out.push(`enum ${name} exists but schema.prisma has no such enum`);
  }

  // Indexes and foreign keys of a missing or unexpected table were reported with the table.
  const bothHave = (t: string) => expected.tables.has(t) && actual.tables.has(t);
  out.push(
    ...compareNamed(
      expected.indexes.filter((x) => bothHave(x.table)),
      actual.indexes.filter((x) => bothHave(x.table)),
      describeIndex,
      indexDiff,
    ),
    ...compareNamed(
      expected.foreignKeys.filter((x) => bothHave(x.table)),
      actual.foreignKeys.filter((x) => bothHave(x.table)),
      describeFk,
      fkDiff,
    ),
  );

  for (const o of actual.unmodelled) {
    if (!unmodelled.includes(o)) out.push(`${o} exists but Prisma does not model it: if intended, list it in UNMODELLED_OBJECTS (lib/db/schema-drift.ts)`);
  }
  for (const o of unmodelled) {
    if (!actual.unmodelled.includes(o)) out.push(`${o} is missing (listed in UNMODELLED_OBJECTS)`);
  }
  return out;
}

function describeIndex(x: IndexShape): string {
  const what = x.kind === 'primary' ? 'primary key' : x.kind === 'unique' ? 'unique index' : 'index';
  return `${what} on ${x.table}(${x.columns.join(', ')})${x.method === 'btree' ? '' : ` USING ${x.method}`}`;
}

function indexDiff(e: IndexShape, a: IndexShape): string[] {
  return describeIndex(e) === describeIndex(a) ? [] : [`${a.name}: is ${describeIndex(a)}, schema.prisma wants ${describeIndex(e)}`];
}

function describeFk(x: ForeignKeyShape): string {
  return `foreign key ${x.table}(${x.columns.join(', ')}) -> ${x.refTable}(${x.refColumns.join(', ')}) ON DELETE ${x.onDelete} ON UPDATE ${x.onUpdate}`;
}

function fkDiff(e: ForeignKeyShape, a: ForeignKeyShape): string[] {
  return describeFk(e) === describeFk(a) ? [] : [`${a.name}: is ${describeFk(a)}, schema.prisma wants ${describeFk(e)}`];
}

/**
 * Matches objects by (table, name). An object that is missing under its Prisma name while an
 * identical one exists under another name is reported once, as a rename.
 */
function compareNamed<T extends { table: string; name: string }>(
  expected: T[],
  actual: T[],
  describe: (x: T) => string,
  diff: (e: T, a: T) => string[],
): string[] {
  const out: string[] = [];
  const key = (x: T) => `${x.table}.${x.name}`;
  const actualByKey = new Map(actual.map((a) => [key(a), a]));
  const expectedKeys = new Set(expected.map(key));
  const strays = actual.filter((a) => !expectedKeys.has(key(a)));
  for (const e of expected) {
    const a = actualByKey.get(key(e));
    if (a) {
      out.push(...diff(e, a));
      continue;
    }
    const twin = strays.findIndex((s) => s.table === e.table && describe(s) === describe(e));
    if (twin >= 0) {
      out.push(`${describe(e)} is named ${strays[twin]!.name}, Prisma names it ${e.name}`);
      strays.splice(twin, 1);
    } else {
      out.push(`${describe(e)} named ${e.name} is missing`);
    }
  }
  for (const s of strays) out.push(`${describe(s)} named ${s.name} exists but schema.prisma does not define it`);
  return out;
}
