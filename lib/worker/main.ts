/**
 * `npm run worker`: one more background worker process (alert sender, inbound events, outbox,
 * maintenance), next to the one inside the web server. Same configuration as `npm start`; without
 * DATABASE_URL it joins the embedded PostgreSQL that `npm start` runs under DATA_DIR — it never
 * starts a second server on the same data. SIGTERM/SIGINT stop it gracefully (docs/delivery.md).
 */
import { rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { hmacClearWamids } from '../privacy/wamid-backfill';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createAppContext } from '../context';
import { disconnectAll } from '../db';
import { migrate } from '../db/migrate';
import { ConfigError, getEnv, loadDotEnv, processStartMode, provideDefaults, rawSetting } from '../env';
import { createLogger, logUnhandledRejections } from '../log';
import { checkDataKey, DataKeyMismatchError } from '../privacy/data-key-fingerprint';
import { holdServiceLock, KeyRotationError } from '../privacy/key-rotation';
import { demoSecrets, sayDemoBanner } from '../runtime/demo';
import { createKeepAliveFetch } from '../delivery/http-fetch';
import { createGraphClient } from '../whatsapp/client';
import { createSmtpMailer } from '../outbox/send-mail';
import { graphTimeoutMs, startWorker } from './worker';

const say = (m: string) => process.stdout.write(`[banditore-worker] ${m}\n`);

/**
 * Rewritten every 10 s while the worker runs, removed when it stops: the container health check
 * (compose.yaml, worker service) calls the worker healthy while this file is fresh, i.e. while the
 * process has started (migrations, data key, pg-boss) and its event loop still turns.
 */
const HEARTBEAT_FILE = path.join(os.tmpdir(), 'banditore-worker.heartbeat');

/** A start-up problem the operator can fix: its message is enough. */
class StartError extends Error {}

/** The embedded database started by `npm start`: its port and password are in <dataDir>/postgres.json. */
async function embeddedDatabaseUrl(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, 'postgres.json');
  let saved: { port: number; password: string };
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as { port: number; password: string };
  } catch {
    throw new StartError(`DATABASE_URL non impostata e nessun database integrato in ${file}: avvia prima "npm start" oppure imposta DATABASE_URL.`);
  }
  const url = `postgresql://postgres:${encodeURIComponent(saved.password)}@127.0.0.1:${saved.port}/banditore`;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
  } catch {
    throw new StartError(`Il database integrato (porta ${saved.port}) non risponde: avvia prima "npm start" oppure imposta DATABASE_URL.`);
  } finally {
    await probe.end().catch(() => {});
  }
  return url;
}

async function main(): Promise<void> {
  loadDotEnv();
  provideDefaults({ NODE_ENV: 'production' });
  logUnhandledRejections(createLogger('info', { process: 'worker' }));
  const dataDir = rawSetting('DATA_DIR') ?? '.data';
  // Same rules as `npm start` (lib/env.ts startMode): no demo on a real database by accident.
  const mode = processStartMode();
  const externalDb = Boolean(rawSetting('DATABASE_URL'));
  if (!externalDb) provideDefaults({ DATABASE_URL: await embeddedDatabaseUrl(dataDir) });
  if (mode.demo) {
    provideDefaults({ DEMO_MODE: 'true', ...(await demoSecrets(dataDir)) });
    sayDemoBanner(say, { dataDir, implicit: mode.implicit, externalDb });
  }
  const env = getEnv();
  await migrate(env.databaseUrl);
  const ctx = createAppContext(env);
  // Before the key check: while this process runs, keys:rotate cannot re-key the look-ups under it,
  // and a rotation that is re-keying them makes this start refuse (lib/privacy/key-rotation.ts).
  const serviceLock = await holdServiceLock(
    env.databaseUrl,
    (e) => {
      // Its look-up chain is stale (a rotation ran while the lock's connection was lost): stop.
      ctx.log.error('data key rotation under a running process: stopping', { error: e.message });
      process.exit(1);
    },
    { keys: { current: env.dataEncryptionKey, previous: env.previousDataEncryptionKeys } },
  );
  await checkDataKey(ctx.pool, { current: env.dataEncryptionKey, previous: env.previousDataEncryptionKeys });
  // After the SQL migrations: rows from before wamids were stored as HMACs (idempotent).
  await hmacClearWamids(ctx.pool, ctx.cipher);
  const w = env.whatsapp;
  const timeoutMs = graphTimeoutMs(env.delivery);
  const graph = createGraphClient(
    { baseUrl: w.graphUrl, version: w.graphVersion, phoneNumberId: w.phoneNumberId, wabaId: w.wabaId, accessToken: w.accessToken, timeoutMs },
    createKeepAliveFetch(),
  );
  const worker = await startWorker(ctx, {
    databaseUrl: env.databaseUrl,
    graph,
    delivery: { ...env.delivery, sendTimeoutMs: timeoutMs },
    mailer: env.smtp ? createSmtpMailer(env.smtp) : null,
  });
  const beat = () => writeFileSync(HEARTBEAT_FILE, `${JSON.stringify({ pid: process.pid, at: new Date().toISOString() })}\n`);
  beat();
  const heartbeat = setInterval(beat, 10_000);
  heartbeat.unref();
  say(`worker avviato (pid ${process.pid}, WhatsApp ${w.mode === 'simulator' ? 'simulato' : 'Meta'}). Ctrl+C per fermare.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: chiusura in corso (finisco gli invii in corso)…`);
    clearInterval(heartbeat);
    rmSync(HEARTBEAT_FILE, { force: true });
    await worker.stop();
    await serviceLock.release();
    await disconnectAll();
    say(`fermo. ${JSON.stringify(worker.delivery.stats())}`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  // Synchronous write: process.exit() would drop a pending asynchronous one on a pipe.
  if (e instanceof ConfigError || e instanceof StartError || e instanceof DataKeyMismatchError || e instanceof KeyRotationError)
    writeSync(2, `\n${e.message}\n\n`);
  else writeSync(2, `\n[banditore-worker] avvio fallito: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
