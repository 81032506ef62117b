import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionTestEnv, spawnWorker } from '../delivery/testing/worker-process';
import { checkDataKey } from '../privacy/data-key-fingerprint';
import { createTestDatabase } from '../testing/test-context';

/**
 * The real entry points (`npm start`, `npm run worker`, `npm run cli`) with a plain environment, as
 * an operator would start them: a real database without a Meta token, or a database encrypted with
 * another key, must stop them before anything listens or writes.
 */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'banditore-refusal-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function run(entry: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.resolve(entry), ...args],
      {
        env: { NODE_ENV: 'production', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: os.homedir(), DATA_DIR: dataDir, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

// Nothing listens on port 1: had the launcher tried the database, the error would be a connection one.
const DATABASE_URL = 'postgresql://banditore:x@127.0.0.1:1/banditore';

describe('the launcher refuses to start', () => {
  it('with DATABASE_URL set and no WHATSAPP_ACCESS_TOKEN', { timeout: 60_000 }, async () => {
    const r = await run('lib/server/main.ts', { DATABASE_URL });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Banditore non parte: DATABASE_URL è impostato ma manca WHATSAPP_ACCESS_TOKEN.');
    expect(r.stderr).toContain('imposta DEMO_MODE=true');
    expect(r.stdout).not.toContain('MODALITÀ DIMOSTRATIVA');
    // Refused before anything started: no simulator token, no embedded database, no demo secrets.
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('with a WHATSAPP_ACCESS_TOKEN of spaces', { timeout: 60_000 }, async () => {
    const r = await run('lib/server/main.ts', { DATABASE_URL, WHATSAPP_ACCESS_TOKEN: '   ' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('WHATSAPP_ACCESS_TOKEN contiene solo spazi');
  });
});

describe('the worker and the CLI apply the same rules', () => {
  it('worker: a secret set and no token', { timeout: 60_000 }, async () => {
    const r = await run('lib/worker/main.ts', { DATABASE_URL, WHATSAPP_APP_SECRET: 'real-app-secret' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Banditore non parte: DATABASE_URL, WHATSAPP_APP_SECRET sono impostati ma manca WHATSAPP_ACCESS_TOKEN.');
  });

  it('CLI: DEMO_MODE=true together with a token', { timeout: 60_000 }, async () => {
    const r = await run('lib/cli/main.ts', { DEMO_MODE: 'true', WHATSAPP_ACCESS_TOKEN: 'EAAG' }, ['settings:set', 'messagesPerSecond', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DEMO_MODE=true e WHATSAPP_ACCESS_TOKEN sono impostati insieme');
  });
});

describe('a database encrypted with another DATA_ENCRYPTION_KEY', () => {
  /** A fresh database that recorded one key; `other` is the environment of a process started with another. */
  async function withKeyedDatabase(
    test: (db: { client: pg.Client; url: string; keyId: string; other: Record<string, string> }) => Promise<void>,
  ): Promise<void> {
    const url = await createTestDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { keyId } = await checkDataKey(client, randomBytes(32));
      // A complete production configuration, only the data key differs from the database's.
      const other = productionTestEnv({ databaseUrl: url, graphUrl: 'http://127.0.0.1:9', dataKey: randomBytes(32).toString('base64') });
      await test({ client, url, keyId, other });
    } finally {
      await client.end();
    }
  }

  it('stops the web server before it listens, in Italian, with exit code 1', { timeout: 60_000 }, () =>
    withKeyedDatabase(async ({ client, keyId, other }) => {
      const r = await run('lib/server/main.ts', { ...other, PORT: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Banditore non parte: la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database');
      expect(r.stderr).toContain(`chiave del database ${keyId}`);
      expect(r.stderr).not.toContain('avvio fallito');
      // Refused after the migrations, before the seed, the build, the listen and the worker.
      expect(r.stdout).not.toContain('Sito pubblico');
      expect(r.stdout).not.toContain('Worker');
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM topics`);
      expect(rows[0]!.n).toBe(0);
      const stored = await client.query<{ data_key_id: string }>(`SELECT data_key_id FROM installation`);
      expect(stored.rows).toEqual([{ data_key_id: keyId }]);
    }),
  );

  it('stops the CLI before its command runs', { timeout: 60_000 }, () =>
    withKeyedDatabase(async ({ client, other }) => {
      await client.query(`INSERT INTO staff_users (email, name, role, password_hash, updated_at) VALUES ('x@comune.example.it', 'X', 'ADMIN', 'h', now())`);
      const r = await run('lib/cli/main.ts', other, ['user:reset-password', '--email', 'x@comune.example.it']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database');
      expect(r.stdout).not.toContain('password temporanea');
      const { rows } = await client.query<{ password_hash: string }>(`SELECT password_hash FROM staff_users`);
      expect(rows).toEqual([{ password_hash: 'h' }]);
      expect((await client.query(`SELECT 1 FROM audit_log`)).rows).toHaveLength(0);
    }),
  );

  it('stops a worker started with a different key', { timeout: 60_000 }, () =>
    withKeyedDatabase(async ({ url }) => {
      const w = spawnWorker({ databaseUrl: url, graphUrl: 'http://127.0.0.1:9', dataKey: randomBytes(32).toString('base64') });
      expect(await w.exited).toBe(1);
      expect(w.output()).toContain('la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database');
      expect(w.output()).not.toContain('worker avviato');
    }),
  );
});
