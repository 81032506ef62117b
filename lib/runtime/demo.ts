import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Demo mode (no Meta credentials): the secrets a real installation sets in its environment are
 * generated once and kept in <dataDir>/demo-secrets.json, so data encrypted yesterday still
 * decrypts today. Never use this file for real citizens' data.
 */
export async function demoSecrets(dataDir: string): Promise<Record<string, string>> {
  const file = path.resolve(dataDir, 'demo-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    const secrets = {
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      WHATSAPP_APP_SECRET: randomBytes(24).toString('hex'),
      WHATSAPP_VERIFY_TOKEN: randomBytes(16).toString('hex'),
    };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

/**
 * The simulator's control-API token of this start (lib/whatsapp/simulator/control-access.ts), in
 * <dataDir>/simulator-token, readable by this user only: tests and scripts on this machine read it
 * there. A new one at every start; the previous one stops working.
 */
export async function writeSimulatorToken(dataDir: string, token: string): Promise<string> {
  const file = path.resolve(dataDir, 'simulator-token');
  await mkdir(path.dirname(file), { recursive: true });
  // A new file (mode 600 from its creation) renamed over the old one: the token is never in a file
  // someone else could read, even for a moment, whatever mode an older file had.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600, flag: 'w' });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return file;
}

/** The start-up lines of demo mode, loud on purpose: nobody should run it with real data unawares. */
export function sayDemoBanner(say: (line: string) => void, o: { dataDir: string; implicit: boolean; externalDb: boolean }): void {
  const rule = '='.repeat(78);
  say(rule);
  say('MODALITÀ DIMOSTRATIVA: WhatsApp è simulato (nessun messaggio reale parte) e le chiavi sono');
  say(`generate in ${path.join(o.dataDir, 'demo-secrets.json')}. Non usarla con i dati dei cittadini.`);
  say(
    o.implicit
      ? 'Scelta perché non è configurato nulla (né DATABASE_URL né credenziali). Per l’ambiente reale vedi .env.example.'
      : 'Scelta con DEMO_MODE=true.',
  );
  if (o.externalDb) say('ATTENZIONE: il simulatore lavora sul database esterno indicato da DATABASE_URL.');
  say(rule);
}
