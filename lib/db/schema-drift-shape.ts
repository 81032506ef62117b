/**
 * The common shape that both sides of the drift check are reduced to: what schema.prisma makes
 * Prisma Migrate create (schema-drift-expected.ts) and what the migrated database holds
 * (schema-drift-actual.ts). Names are database names (after @map / @@map).
 */
export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface ColumnDefault {
  /** The SQL, as Prisma would write it (expected) or as PostgreSQL prints it (actual). */
  sql: string;
  /** Comparable form (see normalizeDefault); undefined = any default is accepted. */
  normalized: string | undefined;
}

export interface ColumnShape {
  name: string;
  /** format_type() spelling (`text`, `timestamp(3) with time zone`, `uuid[]`); enums by bare name. null = not checked. */
  type: string | null;
  notNull: boolean;
  default: ColumnDefault | null;
  /** Where the column comes from, for messages (`Model.field`). */
  origin?: string;
}

export interface TableShape {
  name: string;
  origin?: string;
  columns: Map<string, ColumnShape>;
}

export interface IndexShape {
  table: string;
  name: string;
  kind: 'primary' | 'unique' | 'normal';
  /** Column names in order; ` DESC` / ` NULLS FIRST|LAST` appended when not the default. */
  columns: string[];
  /** Access method: btree, hash, gin, gist, spgist, brin. */
  method: string;
}

export interface ForeignKeyShape {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface SchemaShape {
  tables: Map<string, TableShape>;
  enums: Map<string, string[]>;
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
  /** Objects Prisma does not model, e.g. `trigger audit_log_no_update_delete on audit_log`. */
  unmodelled: string[];
  /** Differences found while reading one side that have no place in the shape above. */
  problems: string[];
}

/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_LENGTH = 63;

/**
 * Prisma's default constraint names (psl ConstraintNames): `<table>_<cols>` cut so that the suffix
 * fits in 63 bytes. The primary key uses the table name only.
 */
export function prismaConstraintName(table: string, columns: string[], suffix: '_pkey' | '_key' | '_idx' | '_fkey'): string {
  const base = suffix === '_pkey' ? table : `${table}_${columns.join('_')}`;
  const room = MAX_IDENTIFIER_LENGTH - suffix.length;
  const bytes = Buffer.from(base, 'utf8');
  if (bytes.length < room) return base + suffix;
  let cut = bytes.subarray(0, room).toString('utf8');
  // A cut in the middle of a character leaves U+FFFD: step back to a character boundary.
  while (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut + suffix;
}

/** PostgreSQL's quote_ident for the identifiers we generate (no keyword list needed for ours). */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * A comparable form of a column default: casts dropped, whitespace and letter case outside string
 * literals dropped, quotes around numbers dropped. `'it'::text` and `'it'` compare equal, and so do
 * `ARRAY[]::uuid[]` and `ARRAY[]::UUID[]`; `now()` and `CURRENT_TIMESTAMP` do not (Prisma writes the latter).
 */
export function normalizeDefault(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j += 1;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === ':' && sql[i + 1] === ':') {
      i = skipType(sql, i + 2);
    } else {
      if (!/\s/.test(ch)) out += ch.toLowerCase();
      i += 1;
    }
  }
  while (out.startsWith('(') && out.endsWith(')') && balanced(out.slice(1, -1))) out = out.slice(1, -1);
  return out.replace(/'(-?\d+(?:\.\d+)?)'/g, '$1');
}

/** Skips a type name after `::` (`"Enum"`, `timestamp(3) with time zone`, `uuid[]`). */
function skipType(sql: string, start: number): number {
  let i = start;
  let depth = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '"') {
      const end = sql.indexOf('"', i + 1);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && !/[A-Za-z0-9_ .]/.test(ch)) break;
    i += 1;
  }
  return i;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}
