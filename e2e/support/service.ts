import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { parseKey, SIMULATOR_DEFAULTS } from '../../lib/env';
import { createDataCipher } from '../../lib/privacy/crypto';
import { signPayload } from '../../lib/whatsapp/signature';
import { CONTROL_TOKEN_HEADER } from '../../lib/whatsapp/simulator/control-access';
import { E2E_DATA_DIR } from '../../playwright.config';

/**
 * What the tests know about the running service: its demo secrets and database (under the e2e data
 * folder, fresh for every run), the simulator's control API, and signed webhooks like Meta's.
 */
const read = (file: string) => JSON.parse(readFileSync(path.join(E2E_DATA_DIR, file), 'utf8')) as Record<string, string>;

export const secrets = () => read('demo-secrets.json');
/** The simulator control API's token of this run (the launcher writes it at every start). */
export const simulatorToken = () => readFileSync(path.join(E2E_DATA_DIR, 'simulator-token'), 'utf8').trim();
/** Headers for the simulator control API (lib/whatsapp/simulator/control-access.ts). */
export const simulatorHeaders = () => ({ [CONTROL_TOKEN_HEADER]: simulatorToken() });
export const demoLogin = () => read('demo-admin.json') as { email: string; password: string };
export const cipher = () => createDataCipher(parseKey(secrets().DATA_ENCRYPTION_KEY!)!);
export const PHONE_NUMBER_ID = SIMULATOR_DEFAULTS.phoneNumberId;

export async function withDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const { port, password } = read('postgres.json');
  const db = new pg.Client({ host: '127.0.0.1', port: Number(port), user: 'postgres', password, database: 'banditore' });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

const USED_FILE = path.join(E2E_DATA_DIR, 'personal-values-used.txt');

/**
 * Every number and name a test gives the service, so the privacy check can look for them all.
 * Names must be distinctive (7+ letters, e.g. "Ermenegilda"): a short common word such as "Verdi"
 * also appears in alert texts and street names and would make the check meaningless.
 */
export function remember(...values: string[]): void {
  const vague = values.filter((v) => !/^\d+$/.test(v) && v.length < 7);
  if (vague.length > 0) throw new Error(`Use distinctive test names (7+ letters), not: ${vague.join(', ')}`);
  appendFileSync(USED_FILE, values.map((v) => `${v}\n`).join(''));
}

export function rememberedValues(): string[] {
  return readFileSync(USED_FILE, 'utf8').split('\n').filter(Boolean);
}

/** A number nobody else in this run uses: tests stay independent without cleaning the database. */
let counter = 0;
export function uniqueNumber(): string {
  counter += 1;
  const digits = `39347${String(Date.now() % 100_000).padStart(5, '0')}${String(counter).padStart(2, '0')}`;
  remember(digits);
  return digits;
}

export async function postWebhook(request: APIRequestContext, body: string | Buffer, signature?: string | null) {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = signature === undefined ? signPayload(raw, secrets().WHATSAPP_APP_SECRET!) : signature;
  if (sig) headers['x-hub-signature-256'] = sig;
  return request.post('/api/whatsapp/webhook', { data: raw, headers });
}

interface SimMessage {
  id: string;
  from: 'comune' | 'phone';
  type: string;
  text?: string;
  status?: string;
}

export const simulator = {
  async send(request: APIRequestContext, digits: string, text: string, profileName = 'Mario Rossi') {
    const r = await request.post(`/simulatore/api/phones/${digits}/messages`, { data: { type: 'text', text, profileName }, headers: simulatorHeaders() });
    expect(r.ok()).toBe(true);
  },
  async messages(request: APIRequestContext, digits: string): Promise<SimMessage[]> {
    const r = await request.get(`/simulatore/api/phones/${digits}/messages`, { headers: simulatorHeaders() });
    return ((await r.json()) as { data: SimMessage[] }).data;
  },
  /** Waits until the comune has sent `count` messages to the phone, and returns their texts. */
  async repliesFor(request: APIRequestContext, digits: string, count: number): Promise<string[]> {
    let texts: string[] = [];
    await expect
      .poll(
        async () => {
          texts = (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').map((m) => m.text ?? '');
          return texts.length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(count);
    return texts;
  },
};
