import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the real service: what `NODE_ENV=production npm start` runs (the
 * compiled server, dist/server.mjs, through scripts/launch.mjs: run `npm run build` first, as
 * `npm test` does) on a fresh data folder (embedded PostgreSQL, built-in WhatsApp simulator), under
 * a guard that refuses any TypeScript load (e2e/support/no-typescript-guard.mjs, checked by
 * e2e/compiled-runtime.spec.ts). Debian's Chromium is used when present (browser downloads do not
 * work everywhere); otherwise Playwright's own browser.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = '.data-e2e';
/** The local SMTP server the password-reset journey starts (lib/testing/smtp-server.ts); the server under test mails there. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 25);
/** Where the guard writes what the server process loaded. */
export const E2E_GUARD_DIR = `${E2E_DATA_DIR}/no-ts-guard`;
export const E2E_GUARD = './e2e/support/no-typescript-guard.mjs';
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /privacy-dump\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: systemChromium
          ? {
              executablePath: systemChromium,
              args: [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
              ],
            }
          : {},
      },
    },
    // Last: after every journey, the database must hold no plaintext number or name.
    { name: 'privacy-dump', testMatch: /privacy-dump\.spec\.ts/, dependencies: ['chromium'] },
  ],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node --import ${E2E_GUARD} scripts/launch.mjs server`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      // Production: without a build the launcher refuses ("npm run build") instead of building.
      NODE_ENV: 'production',
      NO_TS_GUARD_DIR: E2E_GUARD_DIR,
      PORT: String(PORT),
      PUBLIC_URL: `http://localhost:${PORT}`,
      DATA_DIR: E2E_DATA_DIR,
      DATABASE_URL: '',
      WHATSAPP_ACCESS_TOKEN: '',
      // Explicit, so a real setting in the developer's shell cannot turn the run into a refusal.
      DEMO_MODE: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      // Staff mail goes to the journey's own SMTP server; until it listens, mails wait in the outbox.
      SMTP_URL: `smtp://banditore:segreto@127.0.0.1:${E2E_SMTP_PORT}`,
      SMTP_FROM: 'Avvisi del Comune <avvisi@comune.example.it>',
    },
  },
});
