import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
