import { expect, test } from '@playwright/test';
import { startLocalSmtp, type LocalSmtp } from '../lib/testing/smtp-server';
import { E2E_SMTP_PORT } from '../playwright.config';
import { logIn } from './support/dashboard';
import { withDb } from './support/service';
import { createStaffViaCli, relaxMandatoryTotp } from './support/staff-http';

/**
 * "Password dimenticata?" end to end: the server under test mails through the comune's SMTP server
 * (here a real local one, lib/testing/smtp-server.ts, on the port playwright.config.ts gives it),
 * the link in the mail sets a new password once, and an unknown address gets the same answer and
 * no mail.
 */
let smtp: LocalSmtp;
let restoreTotp: () => Promise<void>;

test.beforeAll(async () => {
  smtp = await startLocalSmtp({ port: E2E_SMTP_PORT });
  restoreTotp = await relaxMandatoryTotp();
});
test.afterAll(async () => {
  await restoreTotp?.();
  await smtp?.close();
});

/** The text of a mail as sent: quoted-printable soft breaks and escapes undone. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/));
  const joined = body.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

async function askForLink(page: import('@playwright/test').Page, email: string): Promise<string> {
  await page.goto('/accedi');
  await page.getByRole('link', { name: 'Password dimenticata?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Invia il link' }).click();
  await expect(page.getByText('Se l’indirizzo è registrato, riceverai un’e-mail')).toBeVisible();
  return (await page.locator('main').innerText()).trim();
}

test('a password reset by e-mail works once, and tells nothing about unknown addresses', async ({ page }) => {
  test.setTimeout(120_000);
  const user = await createStaffViaCli('editor', 'recupero');

  // An unknown address: the same answer, and no mail.
  const unknownAnswer = await askForLink(page, `nessuno.${Date.now()}@comune.example.it`);

  const knownAnswer = await askForLink(page, user.email);
  expect(knownAnswer).toBe(unknownAnswer);
  const mailFor = () => smtp.received.find((m) => m.to.includes(user.email));
  await expect
    .poll(() => mailFor() !== undefined, { timeout: 60_000 })
    .toBe(true)
    .catch(async (e: unknown) => {
      // What the outbox says about it, for whoever reads the failure: queued, retried, failed and why.
      const outbox = await withDb(
        async (db) => (await db.query(`SELECT id, status, attempts, available_at, locked_until, error_detail FROM mail_messages ORDER BY id`)).rows,
      );
      const pool = await withDb(
        async (db) => (await db.query(`SELECT state, count(*)::int AS n FROM pg_stat_activity WHERE datname = 'banditore' GROUP BY state`)).rows,
      );
      throw new Error(`${String(e)}\nmail_messages: ${JSON.stringify(outbox)}\nconnections: ${JSON.stringify(pool)}\nreceived: ${smtp.received.length}`);
    });
  const mail = mailFor()!;
  expect(smtp.received.filter((m) => m.to.some((t) => t.startsWith('nessuno.')))).toHaveLength(0);
  const link = /https?:\/\/\S+\/accedi\/nuova-password\?token=[A-Za-z0-9_-]+/.exec(bodyOf(mail.raw))?.[0];
  expect(link, bodyOf(mail.raw)).toBeTruthy();

  // The link: choose a new password, then log in with it; the old one no longer works.
  const newPassword = 'Una nuova frase lunga per la redazione 2026';
  await page.goto(link!);
  await page.getByLabel('Nuova password', { exact: true }).fill(newPassword);
  await page.getByLabel('Ripeti la nuova password').fill(newPassword);
  await page.getByRole('button', { name: 'Salva la nuova password' }).click();
  await expect(page).toHaveURL(/\/accedi\?reimpostata=1$/);
  await logIn(page, user.email, newPassword);

  await page.context().clearCookies();
  await page.goto('/accedi');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/accedi/);

  // The same link a second time: refused, with the way to ask for a new one.
  await page.goto(link!);
  await expect(page.getByText('non è valido, è scaduto o è già stato usato')).toBeVisible();
});
