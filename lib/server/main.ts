/**
 * `npm start` (production build) and `npm run dev`: the whole service in one process.
 * See docs/architecture.md ("One process or many") for what it starts and why.
 */
import { existsSync } from 'node:fs';
import { hmacClearWamids } from '../privacy/wamid-backfill';
import { createServer } from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import next from 'next';
import { createAppContext } from '../context';
import { disconnectAll } from '../db';
import { migrate } from '../db/migrate';
import { ConfigError, getEnv, loadDotEnv, provideDefaults, rawSetting } from '../env';
import { createLogger, logUnhandledRejections } from '../log';
import { createGraphClient } from '../whatsapp/client';
import { graphTimeoutMs, startWorker, type Worker } from '../worker/worker';
import { createKeepAliveFetch } from '../delivery/http-fetch';
import { demoSecrets } from '../runtime/demo';
import { startEmbeddedPostgres, type EmbeddedDb } from '../runtime/embedded-postgres';
import { syncTemplatesAtStartup } from '../templates/sync-templates';
import { createRequestHandler } from './request-handler';
import { seedInstallation } from './seed';
import { mountSimulator } from './simulator-mount';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  loadDotEnv();
  provideDefaults({ NODE_ENV: dev ? 'development' : 'production', NEXT_TELEMETRY_DISABLED: '1' });
  const dataDir = rawSetting('DATA_DIR') ?? '.data';
  const say = (m: string) => process.stdout.write(`[banditore] ${m}\n`);
  logUnhandledRejections(createLogger('info', { process: 'server' }));

  let embedded: EmbeddedDb | null = null;
  if (!rawSetting('DATABASE_URL')) {
    say(`DATABASE_URL non impostata: avvio un PostgreSQL integrato in ${path.resolve(dataDir, 'postgres')} (solo per prove e sviluppo).`);
    embedded = await startEmbeddedPostgres({ dataDir });
    provideDefaults({ DATABASE_URL: embedded.url });
  }
  const demo = !rawSetting('WHATSAPP_ACCESS_TOKEN');
  if (demo) {
    provideDefaults(await demoSecrets(dataDir));
    say(
      `ATTENZIONE: modalità dimostrativa. WhatsApp è simulato e le chiavi sono generate in ${path.join(dataDir, 'demo-secrets.json')}: non usarla con dati reali.`,
    );
  }
  const env = getEnv();
  const migrated = await migrate(env.databaseUrl, { log: say });
  if (migrated.applied.length === 0) say('database già aggiornato');
  const ctx = createAppContext(env);
  // After the SQL migrations: rows from before wamids were stored as HMACs (idempotent).
  const rewritten = await hmacClearWamids(ctx.pool, ctx.cipher);
  if (Object.values(rewritten).some((n) => n > 0)) say(`wamid in chiaro sostituiti con HMAC: ${JSON.stringify(rewritten)}`);
  const seeded = await seedInstallation(ctx, { demo, dataDir });

  if (!dev && !existsSync(path.resolve('.next', 'BUILD_ID'))) {
    say('Primo avvio: compilo l’applicazione (richiede qualche minuto)…');
    const build = spawnSync(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const app = next({ dev, dir: process.cwd(), hostname: env.host, port: env.port });
  await app.prepare();
  const simulator = env.whatsapp.mode === 'simulator' ? mountSimulator(env) : null;
  const server = createServer(createRequestHandler({ ctx, env, next: app.getRequestHandler(), simulator }));
  await new Promise<void>((resolve) => server.listen(env.port, env.host, resolve));
  // After listen: in demo mode the simulator answering the sync is this very server.
  void syncTemplatesAtStartup(ctx);

  let worker: Worker | null = null;
  if (env.workerInProcess) {
    const timeoutMs = graphTimeoutMs(env.delivery);
    worker = await startWorker(ctx, {
      databaseUrl: env.databaseUrl,
      delivery: { ...env.delivery, sendTimeoutMs: timeoutMs },
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
  if (simulator) say(`Telefono simulato:    ${env.publicUrl}/simulatore/`);
  say(`Worker ${worker ? 'attivo in questo processo' : 'non avviato (WORKER_IN_PROCESS=false)'}. Ctrl+C per fermare.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: chiusura in corso…`);
    server.close();
    await worker?.stop();
    await simulator?.close();
    await app.close?.();
    await disconnectAll();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`\n${e.message}\n\n`);
  else process.stderr.write(`\n[banditore] avvio fallito: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
