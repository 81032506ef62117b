import { expect, test } from '@playwright/test';
import { rememberedValues, withDb } from './support/service';

/**
 * Runs after every journey (a Playwright project dependency): dumps every row of every table of
 * the service's database, in every schema (the job queue's too), and looks for each phone number
 * and name the tests gave the service, in the forms they could be stored in.
 */
test('the database holds no plaintext phone number or name after all the journeys', async () => {
  const dump = await withDb(async (db) => {
    const tables = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const t of tables.rows) {
      const rows = await db.query(`SELECT row_to_json(x)::text AS j FROM "${t.schema}"."${t.name}" x`);
      parts.push(...rows.rows.map((r: { j: string }) => r.j));
    }
    return parts.join('\n');
  });
  expect(dump.length).toBeGreaterThan(1000);
  expect(dump).toContain('"phone_hmac"');
  const values = [...new Set(rememberedValues())];
  expect(values.length).toBeGreaterThan(5);
  const leaks = values.filter((v) => {
    // Names are distinctive (7+ letters), so a chance match inside base64 or hex is practically impossible.
    const forms = /^\d+$/.test(v) ? [v, `+${v}`, v.slice(2)] : [v];
    return forms.some((f) => dump.includes(f));
  });
  expect(leaks).toEqual([]);
});
