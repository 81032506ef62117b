import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { logInAsAdmin, subscribeByPhone } from './support/dashboard';
import { cipher, uniqueNumber, withDb } from './support/service';

/**
 * Statistics and the subscribers page, as an admin: the overview counts what this test creates,
 * a subscriber is found by number, their number revealed (and the reveal is in the audit log),
 * and they are unsubscribed on request as the URP would. axe on the three pages.
 */

const figure = (page: Page, label: string) => page.getByRole('list', { name: 'Iscritti in cifre' }).getByRole('listitem').filter({ hasText: label });

/** "1.234" as the page writes it -> 1234. */
async function shownNumber(page: Page, label: string): Promise<number> {
  const text = await figure(page, label).locator('p').nth(1).innerText();
  return Number(text.replace(/\./g, ''));
}

async function consentCell(page: Page, row: 'Iscrizioni' | 'Cancellazioni', column: number): Promise<number> {
  const cells = page
    .getByRole('table', { name: /Iscrizioni e cancellazioni/ })
    .getByRole('row', { name: new RegExp(`^${row}`) })
    .getByRole('cell');
  return Number((await cells.nth(column).innerText()).replace(/\./g, ''));
}

const dbCount = (sql: string, params: unknown[] = []) => withDb(async (db) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n);

test('overview numbers, search by number, reveal (audited), unsubscribe on request; no axe violations', async ({ page, request }) => {
  test.setTimeout(120_000);
  await logInAsAdmin(page);
  await page.goto('/dashboard');
  const activeBefore = await shownNumber(page, 'Iscritti attivi');
  const optInsTodayBefore = await consentCell(page, 'Iscrizioni', 0);

  const first = uniqueNumber();
  const second = uniqueNumber();
  await subscribeByPhone(request, first, 'Teodolinda', 'Castelfranchi');
  await subscribeByPhone(request, second, 'Bartolomeo', 'Vittoriese');

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Panoramica', level: 1 })).toBeVisible();
  expect(await shownNumber(page, 'Iscritti attivi')).toBe(activeBefore + 2);
  expect(await shownNumber(page, 'Iscritti attivi')).toBe(await dbCount(`SELECT count(*)::int AS n FROM subscribers WHERE status = 'ACTIVE'`));
  expect(await shownNumber(page, 'In attesa di conferma')).toBe(await dbCount(`SELECT count(*)::int AS n FROM subscribers WHERE status = 'PENDING'`));
  expect(await consentCell(page, 'Iscrizioni', 0)).toBe(optInsTodayBefore + 2);
  await expect(page.getByRole('img', { name: /Iscrizioni e cancellazioni al giorno, ultimi 30 giorni/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tutte le statistiche' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Tutte le statistiche' }).click();
  await expect(page.getByRole('heading', { name: 'Statistiche', level: 1 })).toBeVisible();
  await page.getByRole('region', { name: 'Iscritti attivi per canale di iscrizione' }).getByText('Mostra i dati in tabella').click();
  const bySource = page.getByRole('table', { name: 'Iscritti attivi per canale di iscrizione' });
  const whatsapp = await dbCount(`SELECT count(*)::int AS n FROM subscribers WHERE status = 'ACTIVE' AND source = 'WHATSAPP'`);
  await expect(
    bySource
      .getByRole('row', { name: /^WhatsApp/ })
      .getByRole('cell')
      .first(),
  ).toHaveText(whatsapp.toLocaleString('it-IT', { useGrouping: 'always' } as Intl.NumberFormatOptions));
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Ultimi 90 giorni' }).click();
  await expect(page.getByRole('img', { name: /Iscritti attivi a fine giornata, ultimi 90 giorni/ })).toBeVisible();

  // The URP: a citizen calls and gives their number, typed the Italian way.
  await page.goto('/dashboard/iscritti');
  await expectNoAxeViolations(page);
  await page.getByLabel('Numero di cellulare').fill(`${first.slice(2, 5)} ${first.slice(5, 8)} ${first.slice(8)}`);
  await page.getByRole('button', { name: 'Cerca' }).click();
  await expect(page.getByText('Trovato un iscritto con questo numero.')).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2);
  const masked = `+39 ${first.slice(2, 5)} ••• ••${first.slice(-2)}`;
  await expect(rows.nth(1)).toContainText(masked);
  await expect(rows.nth(1)).toContainText('Teodolinda Castelfranchi');
  await expect(rows.nth(1)).not.toContainText(first.slice(5));
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: /Mostra numero/ }).click();
  await expect(rows.nth(1).getByRole('status')).toContainText(`+${first}`);
  const subscriberId = await withDb(
    async (db) => (await db.query<{ id: string }>('SELECT id::text FROM subscribers WHERE phone_hmac = $1', [cipher().hmac(`+${first}`)])).rows[0]!.id,
  );

  await page.goto('/dashboard/registro?azione=number_reveal');
  const revealRow = page.getByRole('row').filter({ hasText: `subscriber:${subscriberId}` });
  await expect(revealRow).toContainText('Numero mostrato');
  await expect(revealRow).not.toContainText(first.slice(5));

  // "Please stop the messages": the confirmation step, a note, done.
  await page.goto(`/dashboard/iscritti?numero=%2B${first}`);
  await page.getByRole('link', { name: /Cancella/ }).click();
  await expect(page.getByRole('heading', { name: 'Cancella un iscritto' })).toBeVisible();
  await expect(page.getByText(masked)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Nota (facoltativa)').fill('Richiesta telefonica all’URP');
  await page.getByRole('button', { name: 'Conferma la cancellazione' }).click();
  await expect(page.getByText('Iscritto cancellato: nome e numero sono stati eliminati')).toBeVisible();

  const row = await withDb(async (db) => (await db.query('SELECT status, phone_enc, first_name_enc FROM subscribers WHERE id = $1', [subscriberId])).rows[0]);
  expect(row).toEqual({ status: 'UNSUBSCRIBED', phone_enc: null, first_name_enc: null });
  expect(
    await dbCount(`SELECT count(*)::int AS n FROM consent_events WHERE phone_hmac = $1 AND action = 'OPT_OUT' AND channel = 'STAFF'`, [
      cipher().hmac(`+${first}`),
    ]),
  ).toBe(1);

  await page.getByLabel('Numero di cellulare').fill(`+${first}`);
  await page.getByRole('button', { name: 'Cerca' }).click();
  await expect(rows.nth(1)).toContainText('Cancellato');
  await expect(page.getByRole('button', { name: /Mostra numero/ })).toHaveCount(0);

  await page.goto('/dashboard');
  expect(await shownNumber(page, 'Iscritti attivi')).toBe(activeBefore + 1);
  await page.goto('/dashboard/registro?azione=subscriber_unsubscribe');
  await expect(page.getByRole('row').filter({ hasText: `subscriber:${subscriberId}` })).toContainText('Iscritto cancellato');
  expect(second).not.toBe(first);
});
