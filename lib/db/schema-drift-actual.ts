import type pg from 'pg';
import { normalizeDefault, type ReferentialAction, type SchemaShape, type TableShape } from './schema-drift-shape';

/**
 * Reads the `public` schema of a database from pg_catalog into the shape schema.prisma is compared
 * with. `_prisma_migrations` is Prisma Migrate's own bookkeeping and is left out; pg-boss lives in
 * its own schema and is never read.
 */
export type Queryable = Pick<pg.Pool, 'query'>;

const IGNORED_TABLES = new Set(['_prisma_migrations']);

const ACTIONS: Record<string, ReferentialAction> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

const RELATIONS_SQL = `
SELECT c.relname AS name, c.relkind AS kind
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`;

const COLUMNS_SQL = `
SELECT c.relname AS "table", a.attname AS name, a.attnotnull AS "notNull",
       CASE WHEN et.typtype = 'e' THEN et.typname || CASE WHEN t.typcategory = 'A' THEN '[]' ELSE '' END
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity AS identity, a.attgenerated AS generated
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

const ENUMS_SQL = `
SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS "values"
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public'
GROUP BY t.typname`;

const INDEXES_SQL = `
SELECT t.relname AS "table", i.relname AS name, ix.indisprimary AS "primary", ix.indisunique AS "unique",
       am.amname AS method, ix.indpred IS NOT NULL AS partial, ix.indexprs IS NOT NULL AS expressions,
       ix.indnatts > ix.indnkeyatts AS "include", con.contype AS "constraintType",
       ARRAY(SELECT COALESCE(a.attname::text, '(expression)')
             FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
             WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS columns,
       ix.indoption::int2[] AS options
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')
WHERE n.nspname = 'public'`;

const CONSTRAINTS_SQL = `
SELECT con.conname AS name, con.contype AS type, t.relname AS "table", rt.relname AS "refTable",
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "refColumns",
       con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate", con.condeferrable AS deferrable
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class rt ON rt.oid = con.confrelid
WHERE n.nspname = 'public' AND con.contype IN ('f', 'c', 't')`;

/** Triggers, functions and free-standing sequences: none of them is in a Prisma schema. */
const UNMODELLED_SQL = `
SELECT 'trigger ' || tg.tgname || ' on ' || c.relname AS name
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND NOT tg.tgisinternal
UNION ALL
SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'sequence ' || s.relname
FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
WHERE n.nspname = 'public' AND s.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i'))`;

interface ColumnRow {
  table: string;
  name: string;
  notNull: boolean;
  type: string;
  default: string | null;
  identity: string;
  generated: string;
}
interface IndexRow {
  table: string;
  name: string;
  primary: boolean;
  unique: boolean;
  method: string;
  partial: boolean;
  expressions: boolean;
  include: boolean;
  constraintType: string | null;
  columns: string[];
  options: number[];
}
interface ConstraintRow {
  name: string;
  type: string;
  table: string;
  refTable: string | null;
  columns: string[];
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
  deferrable: boolean;
}

export async function actualSchema(db: Queryable): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: new Map(), enums: new Map(), indexes: [], foreignKeys: [], unmodelled: [], problems: [] };
  const keep = (table: string) => !IGNORED_TABLES.has(table);

  for (const r of (await db.query<{ name: string; kind: string }>(RELATIONS_SQL)).rows) {
    if (!keep(r.name)) continue;
    if (r.kind === 'r' || r.kind === 'p') shape.tables.set(r.name, { name: r.name, columns: new Map() });
    else shape.unmodelled.push(`${r.kind === 'v' ? 'view' : r.kind === 'm' ? 'materialized view' : 'foreign table'} ${r.name}`);
  }

  for (const r of (await db.query<ColumnRow>(COLUMNS_SQL)).rows) {
    const t: TableShape | undefined = shape.tables.get(r.table);
    if (!t) continue;
    if (r.identity) shape.problems.push(`column ${r.table}.${r.name} is an identity column: Prisma uses SERIAL/BIGSERIAL (a sequence default)`);
    if (r.generated) shape.problems.push(`column ${r.table}.${r.name} is a generated column: Prisma cannot express it`);
    const def = r.default === null ? null : { sql: r.default, normalized: normalizeDefault(r.default) };
    t.columns.set(r.name, { name: r.name, type: r.type, notNull: r.notNull, default: def });
  }

  for (const r of (await db.query<{ name: string; values: string[] }>(ENUMS_SQL)).rows) shape.enums.set(r.name, r.values);

  for (const r of (await db.query<IndexRow>(INDEXES_SQL)).rows) {
    if (!keep(r.table)) continue;
    const where = `index ${r.name} on ${r.table}`;
    if (r.partial) shape.problems.push(`${where} is partial (WHERE ...): Prisma cannot express it`);
    if (r.expressions) shape.problems.push(`${where} indexes an expression: Prisma cannot express it`);
    if (r.include) shape.problems.push(`${where} has INCLUDE columns: Prisma cannot express them`);
    if (r.constraintType === 'u') shape.problems.push(`${where} belongs to a UNIQUE constraint: Prisma writes CREATE UNIQUE INDEX instead`);
    if (r.constraintType === 'x') shape.problems.push(`${where} belongs to an exclusion constraint: Prisma cannot express it`);
    shape.indexes.push({
      table: r.table,
      name: r.name,
      kind: r.primary ? 'primary' : r.unique ? 'unique' : 'normal',
      columns: r.columns.map((c, i) => {
        const opt = r.options[i] ?? 0;
        const desc = (opt & 1) !== 0;
        const nullsFirst = (opt & 2) !== 0;
        return c + (desc ? ' DESC' : '') + (nullsFirst !== desc ? (nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : '');
      }),
      method: r.method,
    });
  }

  for (const r of (await db.query<ConstraintRow>(CONSTRAINTS_SQL)).rows) {
    if (!keep(r.table)) continue;
    if (r.type === 'c') shape.unmodelled.push(`check constraint ${r.name} on ${r.table}`);
    if (r.type === 't') shape.unmodelled.push(`constraint trigger ${r.name} on ${r.table}`);
    if (r.type !== 'f') continue;
    if (r.deferrable) shape.problems.push(`foreign key ${r.name} on ${r.table} is DEFERRABLE: Prisma creates it NOT DEFERRABLE`);
    shape.foreignKeys.push({
      table: r.table,
      name: r.name,
      columns: r.columns,
      refTable: r.refTable ?? '?',
      refColumns: r.refColumns,
      onDelete: ACTIONS[r.onDelete] ?? 'NoAction',
      onUpdate: ACTIONS[r.onUpdate] ?? 'NoAction',
    });
  }

  for (const r of (await db.query<{ name: string }>(UNMODELLED_SQL)).rows) shape.unmodelled.push(r.name);
  return shape;
}
