import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { withDb } from './service';

/**
 * Staff and API-key set-up for the API, archive and authorisation journeys, over plain HTTP and the
 * operator CLI (`npm run cli`, which joins the running service's embedded database through the
 * e2e data folder), so these specs need no browser to get a session or a key.
 */

const TSX = path.resolve('node_modules/.bin/tsx');
export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['lib/cli/main.ts', ...args],
      {
        env: {
          ...process.env,
          DATA_DIR: E2E_DATA_DIR,
          DATABASE_URL: '',
          WHATSAPP_ACCESS_TOKEN: '',
          DEMO_MODE: 'true',
          PUBLIC_URL: BASE_URL,
          LOG_LEVEL: 'warn',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

export async function cli(...args: string[]): Promise<string> {
  const r = await runCli(...args);
  expect(r.code, `npm run cli -- ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

export interface StaffLogin {
  email: string;
  password: string;
  role: 'admin' | 'editor' | 'viewer';
}

let userCounter = 0;

/** A new staff user made with `npm run cli -- user:create --permanent` (no forced change at first login). */
export async function createStaffViaCli(role: StaffLogin['role'], label: string): Promise<StaffLogin> {
  userCounter += 1;
  const email = `${label}.${role}.${Date.now()}${userCounter}@comune.example.it`;
  const password = `Frase di prova lunga ${role} 2026`;
  await cli('user:create', '--email', email, '--role', role, '--name', `${label} ${role}`, '--password', password, '--permanent');
  return { email, password, role };
}

/**
 * A new API key from `npm run cli -- apikey:create` (the one line of output that is a key), with
 * every scope unless told otherwise (a new key is draft-only by default).
 */
export async function createApiKeyViaCli(name: string, scopes = 'alerts:send,stats:read'): Promise<string> {
  const out = await cli('apikey:create', '--name', name, '--scopes', scopes);
  const key = out.split('\n').find((l) => /^bnd_[0-9a-f]{12}_[0-9a-f]{64}$/.test(l.trim()));
  expect(key, out).toBeDefined();
  return key!.trim();
}

export const apiKeyPrefix = (key: string) => key.split('_').slice(0, 2).join('_');

/**
 * An HTTP client signed in as `login`, through next-auth's own credentials endpoint (CSRF token
 * first, as next-auth requires). Redirects are not followed, so callers see 303/307 and 403 as is.
 */
export async function signedInRequest(login: { email: string; password: string }): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL, maxRedirects: 0 });
  const csrf = (await (await ctx.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const r = await ctx.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, email: login.email, password: login.password, callbackUrl: `${BASE_URL}/dashboard`, json: 'true' },
  });
  expect(r.status(), `login of ${login.email}`).toBeLessThan(400);
  const cookies = (await ctx.storageState()).cookies.map((c) => c.name);
  expect(
    cookies.some((n) => n.includes('session-token')),
    `session cookie for ${login.email}: ${cookies.join(', ')}`,
  ).toBe(true);
  const check = await ctx.get('/dashboard');
  expect(check.status(), `${login.email} reaches /dashboard`).toBe(200);
  return ctx;
}

export const anonymousRequest = () => playwrightRequest.newContext({ baseURL: BASE_URL, maxRedirects: 0 });

/** Settings as stored (JSON values), or undefined when never set. */
export async function readSetting(key: string): Promise<unknown> {
  return withDb(async (db) => (await db.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value);
}

/** The alert template must be approved before anything can be sent: the simulator approves it shortly after start-up. */
export async function waitForApprovedAlertTemplate(): Promise<void> {
  await expect
    .poll(
      async () =>
        withDb(
          async (db) =>
            (await db.query<{ status: string }>("SELECT status FROM whatsapp_templates WHERE name = 'avviso_comune' AND language = 'it'")).rows[0]?.status ??
            'missing',
        ),
      { timeout: 45_000, message: 'the alert template is approved by the simulator' },
    )
    .toBe('APPROVED');
}

/** Launched (by `service:launch --no-welcome`) unless another journey already launched it. */
export async function ensureLaunchedViaCli(): Promise<void> {
  const v = await readSetting('launchedAt');
  if (typeof v === 'string') return;
  await cli('service:launch', '--no-welcome');
}

/** The service caches settings for 3 seconds per process: wait that long after changing one. */
export const settingsCacheExpiry = () => new Promise((r) => setTimeout(r, 3_500));

/**
 * Two-step verification made mandatory by another journey would send our password-only test users
 * to its set-up page. Turns it off if needed; returns what puts it back.
 */
export async function relaxMandatoryTotp(): Promise<() => Promise<void>> {
  if ((await readSetting('totpRequired')) !== true) return async () => {};
  await cli('settings:set', 'totpRequired', 'false');
  await settingsCacheExpiry();
  return async () => {
    await cli('settings:set', 'totpRequired', 'true');
  };
}
