import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { logInAsAdmin } from './support/dashboard';
import { cipher, remember, uniqueNumber, withDb } from './support/service';

/**
 * An admin imports a list from the dashboard: a file with a bad row is refused (the row named in
 * Italian, nobody imported), the corrected file is previewed, confirmed and imported with the
 * progress bar, and importing it again adds nobody. axe on the page in each state.
 */
const HEADER = 'phone,first_name,last_name,topics,consented_at';
const csv = (rows: string[]) => ({ name: 'elenco-comune.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n')) });
const imported = (numbers: string[]) =>
  withDb(async (db) => {
    const hmacs = numbers.map((n) => cipher().hmac(`+${n}`));
    const r = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subscribers WHERE phone_hmac = ANY($1) AND source = 'IMPORT' AND status = 'ACTIVE'`,
      [hmacs],
    );
    return r.rows[0]!.n;
  });

test('an import with a bad row is refused, the corrected file imported, a re-import adds nobody', async ({ page }) => {
  test.setTimeout(120_000);
  remember('Ermenegilda', 'Bonaventura', 'Gianfranco', 'Scarpellini');
  const a = uniqueNumber();
  const b = uniqueNumber();
  await logInAsAdmin(page);
  await page.goto('/dashboard/iscritti');
  await page.getByRole('link', { name: 'Importa un elenco' }).click();
  await expect(page.getByRole('heading', { name: 'Importa iscritti', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  const field = page.getByLabel('File CSV dell’elenco');
  await field.setInputFiles(csv([`+${a},Ermenegilda,Bonaventura,,2025-01-10`, `12345,Gianfranco,Scarpellini,,2025-01-10`]));
  await page.getByRole('button', { name: 'Controlla il file' }).click();
  await expect(page.getByText('Riga 3: numero non valido')).toBeVisible();
  await expect(page.getByRole('button', { name: /Conferma/ })).toHaveCount(0);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  expect(await imported([a, b])).toBe(0);

  await field.setInputFiles(csv([`+${a},Ermenegilda,Bonaventura,,2025-01-10`, `+${b},Gianfranco,Scarpellini,urgenze,2025-01-10`]));
  await page.getByRole('button', { name: 'Controlla il file' }).click();
  await expect(page.getByText('Il file è corretto.')).toBeVisible();
  expect(await imported([a, b])).toBe(0);
  await page.getByRole('button', { name: 'Conferma: importa 2 iscritti' }).click();
  await expect(page.getByRole('heading', { name: 'Importazione completata' })).toBeVisible();
  await expect(page.getByText('Importati 2 iscritti.')).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await imported([a, b])).toBe(2);

  await page.getByRole('button', { name: 'Controlla il file' }).click();
  await expect(page.getByRole('button', { name: 'Conferma: importa 0 iscritti' })).toBeVisible();
  await page.getByRole('button', { name: 'Conferma: importa 0 iscritti' }).click();
  await expect(page.getByText('Importati 0 iscritti.')).toBeVisible();
  expect(await imported([a, b])).toBe(2);
});
