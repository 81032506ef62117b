/**
 * `npm start` (production build) and `npm run dev`: the whole service in one process.
 * See docs/architecture.md ("One process or many") for what it starts and why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hmacClearWamids } from '../privacy/wamid-backfill';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { createAppContext } from '../context';
import { disconnectAll } from '../db';
import { migrate } from '../db/migrate';
import { ConfigError, getEnv, loadDotEnv, processStartMode, provideDefaults, rawSetting } from '../env';
import { createLogger, logUnhandledRejections } from '../log';
import { createGraphClient } from '../whatsapp/client';
import { graphTimeoutMs, startWorker, type Worker } from '../worker/worker';
import { createKeepAliveFetch } from '../delivery/http-fetch';
import { demoSecrets, sayDemoBanner, writeSimulatorToken } from '../runtime/demo';
import { checkDataKey, DataKeyMismatchError } from '../privacy/data-key-fingerprint';
import { holdServiceLock, KeyRotationError } from '../privacy/key-rotation';
import { newControlToken } from '../whatsapp/simulator/control-access';
import { startEmbeddedPostgres, type EmbeddedDb } from '../runtime/embedded-postgres';
import { APP_ROOT } from '../runtime/app-root';
import { syncTemplatesAtStartup } from '../templates/sync-templates';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { createRequestHandler } from './request-handler';
import { createMetrics } from './metrics';
import { seedInstallation } from './seed';
import { mountSimulator } from './simulator-mount';
import { createSmtpMailer } from '../outbox/send-mail';

type NextConf = NonNullable<Parameters<typeof next>[0]['conf']>;

/** A start-up problem the operator can fix: its message is enough. */
class StartError extends Error {}

/**
 * Production never builds (scripts/launch.mjs builds the demo's first start) and never loads
 * next.config.ts (Next.js would transpile it with SWC at run time, and the container image does
 * not even ship it): the configuration is the one `next build` serialised. Next.js's own
 * standalone server hands it over the same way, in __NEXT_PRIVATE_STANDALONE_CONFIG, which every
 * config load inside Next.js (its router server too, which ignores the `conf` option) then uses.
 */
function builtNextConfig(): NextConf {
  const file = path.join(APP_ROOT, '.next', 'required-server-files.json');
  if (!existsSync(path.join(APP_ROOT, '.next', 'BUILD_ID')) || !existsSync(file)) {
    throw new StartError(`Nessuna build di Next.js in ${path.join(APP_ROOT, '.next')}: esegui prima "npm run build".`);
  }
  return (JSON.parse(readFileSync(file, 'utf8')) as { config: NextConf }).config;
}

/** Stopped when the start fails after it (a refused data key, a failed migration): no orphan postgres. */
let startedDb: EmbeddedDb | null = null;

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  loadDotEnv();
  provideDefaults({ NODE_ENV: dev ? 'development' : 'production', NEXT_TELEMETRY_DISABLED: '1' });
  const dataDir = rawSetting('DATA_DIR') ?? '.data';
  const say = (m: string) => process.stdout.write(`[banditore] ${m}\n`);
  logUnhandledRejections(createLogger('info', { process: 'server' }));
  // Before anything starts: a real database or secret without a Meta token refuses here.
  const mode = processStartMode();
  const externalDb = Boolean(rawSetting('DATABASE_URL'));

  let embedded: EmbeddedDb | null = null;
  if (!externalDb) {
    say(`DATABASE_URL non impostata: avvio un PostgreSQL integrato in ${path.resolve(dataDir, 'postgres')} (solo per prove e sviluppo).`);
    embedded = await startEmbeddedPostgres({ dataDir });
    startedDb = embedded;
    provideDefaults({ DATABASE_URL: embedded.url });
  }
  const demo = mode.demo;
  if (demo) {
    provideDefaults({ DEMO_MODE: 'true', ...(await demoSecrets(dataDir)) });
    sayDemoBanner(say, { dataDir, implicit: mode.implicit, externalDb });
  }
  const env = getEnv();
  const migrated = await migrate(env.databaseUrl, { log: say });
  if (migrated.applied.length === 0) say('database già aggiornato');
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
  const dataKey = await checkDataKey(ctx.pool, { current: env.dataEncryptionKey, previous: env.previousDataEncryptionKeys });
  if (dataKey.recorded) say(`chiave dei dati registrata nel database (id ${dataKey.keyId})`);
  // After the SQL migrations: rows from before wamids were stored as HMACs (idempotent).
  const rewritten = await hmacClearWamids(ctx.pool, ctx.cipher);
  if (Object.values(rewritten).some((n) => n > 0)) say(`wamid in chiaro sostituiti con HMAC: ${JSON.stringify(rewritten)}`);
  // Without a build there is nothing to serve (scripts/launch.mjs refuses earlier when started
  // through npm start; this is the guard for a direct `node dist/server.mjs`). Checked after the
  // configuration, the database and its data key, whose refusals say more.
  const nextConf = dev ? undefined : builtNextConfig();
  if (nextConf) provideDefaults({ __NEXT_PRIVATE_STANDALONE_CONFIG: JSON.stringify(nextConf) });
  const seeded = await seedInstallation(ctx, { demo, dataDir });

  const app = next({ dev, dir: APP_ROOT, hostname: env.host, port: env.port, conf: nextConf });
  await app.prepare();
  const controlToken = env.whatsapp.mode === 'simulator' ? newControlToken() : null;
  const simulator = controlToken ? mountSimulator(env, controlToken) : null;
  if (controlToken) await writeSimulatorToken(dataDir, controlToken);
  const metrics = { metrics: createMetrics(ctx), token: env.metricsToken };
  const server = createServer(createRequestHandler({ ctx, env, next: app.getRequestHandler(), simulator, metrics }));
  await new Promise<void>((resolve) => server.listen(env.port, env.host, resolve));
  // After listen: in demo mode the simulator answering the sync is this very server.
  // Then apply what the sync learnt (a template moved to MARKETING holds its alerts).
  void syncTemplatesAtStartup(ctx)
    .then(() => reconcileTemplateHolds(ctx))
    .catch((e: unknown) => ctx.log.warn('template holds not reconciled at start-up', { error: (e as Error).message }));

  let worker: Worker | null = null;
  if (env.workerInProcess) {
    const timeoutMs = graphTimeoutMs(env.delivery);
    worker = await startWorker(ctx, {
      databaseUrl: env.databaseUrl,
      delivery: { ...env.delivery, sendTimeoutMs: timeoutMs },
      mailer: env.smtp ? createSmtpMailer(env.smtp) : null,
      graph: createGraphClient(
        {
          baseUrl: env.whatsapp.graphUrl,
          version: env.whatsapp.graphVersion,
          phoneNumberId: env.whatsapp.phoneNumberId,
          wabaId: env.whatsapp.wabaId,
          accessToken: env.whatsapp.accessToken,
          timeoutMs,
        },
        createKeepAliveFetch(),
      ),
    });
  }

  say(`Sito pubblico:        ${env.publicUrl}/`);
  say(`Modulo di iscrizione: ${env.publicUrl}/iscriviti`);
  if (seeded.demoLogin) say(`Area redazione:       ${env.publicUrl}/accedi  (${seeded.demoLogin.email} / ${seeded.demoLogin.password})`);
  if (controlToken) say(`Telefono simulato:    ${env.publicUrl}/simulatore/#token=${controlToken}  (token valido fino al prossimo avvio)`);
  say(`Worker ${worker ? 'attivo in questo processo' : 'non avviato (WORKER_IN_PROCESS=false)'}. Ctrl+C per fermare.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: chiusura in corso…`);
    server.close();
    await worker?.stop();
    await serviceLock.release();
    await simulator?.close();
    await app.close?.();
    await disconnectAll();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch(async (e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataKeyMismatchError || e instanceof StartError || e instanceof KeyRotationError)
    process.stderr.write(`\n${e.message}\n\n`);
  else process.stderr.write(`\n[banditore] avvio fallito: ${(e as Error)?.stack ?? String(e)}\n`);
  await disconnectAll().catch(() => {});
  await startedDb?.stop().catch(() => {});
  process.exit(1);
});
