/**
 * The privacy scan shared by the Vitest privacy test (lib/privacy/privacy-dump.test.ts) and the
 * end-to-end dump (e2e/privacy-dump.spec.ts): every row of every table as JSON, searched for each
 * phone number and name in clear and inside any base64 / base64url token (a wamid is
 * `wamid.HBgM` + base64 of a record holding the number).
 */

interface Queryable {
  query<R extends object>(sql: string): Promise<{ rows: R[] }>;
}

/** Every row of every base table in every schema (the job queue's too), one JSON line per row. */
export async function dumpAllRows(db: Queryable): Promise<string> {
  const tables = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const t of tables.rows) {
    const rows = await db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t.schema}"."${t.name}" x`);
    parts.push(...rows.rows.map((r) => r.j));
  }
  return parts.join('\n');
}

/** The forms a value could be stored in: a number as digits, +digits and its national part. */
function forms(value: string): string[] {
  const digits = value.replace(/^\+/, '');
  if (/^\d{8,}$/.test(digits)) return [digits, `+${digits}`, digits.startsWith('39') ? digits.slice(2) : digits];
  return [value];
}

/** What a token could decode to: base64 and base64url, as-is and with 1-3 leading chars dropped. */
function decodings(token: string): string[] {
  const bodies = new Set([token, token.replace(/^wamid\./, '')]);
  const out: string[] = [];
  for (const body of bodies) {
    for (let drop = 0; drop <= 3; drop++) {
      const s = body.slice(drop);
      if (s.length < 8) continue;
      out.push(Buffer.from(s, 'base64').toString('latin1'), Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
    }
  }
  return out;
}

/**
 * The values (phone numbers, names) found in `dump`, in clear or inside a base64/base64url token.
 * Names should be distinctive (7+ letters): a chance match inside decoded bytes is then practically
 * impossible, as it is for 10+ digits.
 */
export function findLeaks(dump: string, values: string[]): string[] {
  const wanted = [...new Set(values)].map((v) => ({ v, forms: forms(v) }));
  const decoded = [...new Set(dump.match(/(?:wamid\.)?[A-Za-z0-9+/=_-]{12,}/g) ?? [])].flatMap(decodings).join('\n');
  return wanted.filter(({ forms: f }) => f.some((x) => dump.includes(x) || decoded.includes(x))).map(({ v }) => v);
}
