/**
 * `npm run cli -- <command>`: operator commands. Each prints what it did and exits non-zero on
 * failure, so scripts can rely on it.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hmacClearWamids } from '../privacy/wamid-backfill';
import path from 'node:path';
import { createAppContext } from '../context';
import { disconnectAll } from '../db';
import { migrate } from '../db/migrate';
import { getEnv, loadDotEnv, processStartMode, provideDefaults, rawSetting } from '../env';
import { checkDataKeys } from '../privacy/data-key-fingerprint';
import { holdServiceLock } from '../privacy/key-rotation';
import { demoSecrets } from '../runtime/demo';
import { startEmbeddedPostgres, type EmbeddedDb } from '../runtime/embedded-postgres';
import { commands } from './commands';

const USAGE = `Uso: npm run cli -- <comando> [argomenti]

Comandi:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(22)} ${c.help}`)
  .join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name ? `Comando sconosciuto: ${name}\n\n${USAGE}` : USAGE);
    return name ? 2 : 0;
  }
  loadDotEnv();
  // Like `npm start`: without DATABASE_URL the embedded database of this checkout is used.
  let embedded: EmbeddedDb | null = null;
  const dataDir = rawSetting('DATA_DIR') ?? '.data';
  // Same rules as `npm start` (lib/env.ts startMode), checked before anything starts.
  const mode = processStartMode();
  if (!rawSetting('DATABASE_URL')) {
    embedded = await startEmbeddedPostgres({ dataDir });
    provideDefaults({ DATABASE_URL: embedded.url });
  }
  if (mode.demo) provideDefaults({ DEMO_MODE: 'true', ...(await demoSecrets(dataDir)) });
  const env = getEnv();
  await migrate(env.databaseUrl);
  const ctx = createAppContext(env);
  const keysCommand = name!.startsWith('keys:');
  // Like the server and the worker, every other command holds the service lock while it runs, so
  // keys:rotate cannot re-key look-ups under it (lib/privacy/key-rotation.ts).
  let serviceLock: Awaited<ReturnType<typeof holdServiceLock>> | null = null;
  try {
    if (!keysCommand)
      serviceLock = await holdServiceLock(env.databaseUrl, (e) => {
        process.stderr.write(`Errore: ${e.message}\n`);
        process.exit(1);
      });
    // The key first: a wrong key must refuse before anything is rewritten with it. A new key on top
    // of the database's chain (a rotation not yet run) is accepted by keys:* only.
    const dataKeys = { current: env.dataEncryptionKey, previous: env.previousDataEncryptionKeys };
    const keyCheck = await checkDataKeys(ctx.pool, dataKeys, { allowPendingRotation: keysCommand });
    // After the SQL migrations: rows from before wamids were stored as HMACs (idempotent). Not before
    // a pending rotation: this process's look-up chain is already the new one.
    if (keyCheck.state !== 'pending-rotation') await hmacClearWamids(ctx.pool, ctx.cipher);
    return await command.run(ctx, args, {
      readFile: (f) => readFile(path.resolve(f), 'utf8'),
      openFile: (f) => createReadStream(path.resolve(f)),
      out: (s) => process.stdout.write(s + '\n'),
      dataKeys,
    });
  } finally {
    await serviceLock?.release();
    await disconnectAll();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Errore: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
