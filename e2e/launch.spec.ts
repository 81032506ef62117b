import { expect, test } from '@playwright/test';
import { people } from '../components/dashboard/alerts/labels';
import { expectNoAxeViolations } from './support/axe';
import { ensureTemplatesApproved, launchedAt, launchFromPanel, logInAsAdmin, messagesContaining, subscribeByPhone } from './support/dashboard';
import { uniqueNumber, withDb } from './support/service';

/**
 * The launch threshold flow, end to end: before the launch only test sends are allowed (the alert
 * pages say so and offer no way to send), an admin launches from the panel, the welcome message
 * reaches the subscribers' phones, and sending to subscribers opens.
 *
 * Order independence. The specs share one service and run in file order (citizen, editor, launch,
 * …). The launch cannot be undone from the app, and editor.spec.ts launches the service when no
 * earlier spec did, so this spec cannot count on finding it unlaunched. It therefore starts by
 * putting the service back into its pre-launch state as a fresh installation has it: the
 * `launchedAt` setting row removed (the launch changes nothing else but the welcome alert it
 * creates, which stays as history). The whole flow then runs the same whether this spec runs
 * first, after the editor journey or alone, and it leaves the service launched, which is what the
 * later specs find in any order. If it fails half-way, afterAll restores the previous value.
 */

let previous: string | null = null;

test.beforeAll(async () => {
  previous = await launchedAt();
  await withDb((db) => db.query(`DELETE FROM settings WHERE key = 'launchedAt'`));
});

/** The `launchCounterPublic` setting, written as the settings page writes it. */
async function setPublicCounter(on: boolean): Promise<void> {
  await withDb((db) =>
    db.query(
      `INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('launchCounterPublic', to_jsonb($1::boolean), now(), 'e2e')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [on],
    ),
  );
}

test.afterAll(async () => {
  await setPublicCounter(false);
  if (previous && !(await launchedAt())) {
    await withDb((db) =>
      db.query(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('launchedAt', to_jsonb($1::text), now(), 'e2e')
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [previous],
      ),
    );
  }
});

const activeCount = () =>
  withDb(async (db) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscribers WHERE status = 'ACTIVE'`)).rows[0]!.n);

test('before the launch only tests; the admin launches from the panel; the welcome arrives; sending opens', async ({ page, request }) => {
  test.setTimeout(180_000);
  await logInAsAdmin(page);
  await ensureTemplatesApproved(page);
  // Settings are cached for a few seconds in the service: wait until the pages see the reset.
  await expect
    .poll(async () => {
      await page.goto('/dashboard/lancio');
      return page.getByRole('button', { name: 'Avvia il servizio' }).count();
    })
    .toBe(1);

  const citizen = uniqueNumber();
  await subscribeByPhone(request, citizen, 'Ildebranda', 'Pordenonese');

  // The launch panel: progress toward the threshold (500 by default).
  await page.goto('/dashboard/lancio');
  const active = await activeCount();
  await expect(page.getByRole('progressbar', { name: 'Iscritti verso la soglia di avvio' })).toHaveAttribute(
    'aria-valuenow',
    String(Math.min(100, Math.floor((active / 500) * 100))),
  );
  await expect(page.getByText(/Invia il messaggio di benvenuto a tutti gli iscritti attivi/)).toContainText(people(active));
  await expectNoAxeViolations(page);

  // Before the launch: an alert can be written and tested, not sent; the pages explain why.
  const title = `Mercato spostato ${Date.now() % 100_000}`;
  await page.goto('/dashboard/avvisi/nuovo');
  await expect(page.getByText('Il servizio non è ancora partito.')).toBeVisible();
  await page.getByLabel('Titolo').fill(title);
  await page.getByLabel('Testo dell’avviso').fill('Sabato il mercato si tiene in Piazza Cima.');
  await page.getByRole('button', { name: 'Salva bozza' }).click();
  await expect(page).toHaveURL(/esito=salvato/);
  const alertUrl = page.url().replace(/\?.*$/, '');
  await expect(page.getByText('Il servizio non è ancora partito.')).toBeVisible();
  await expect(page.getByText(/si possono inviare solo|inviarne una prova al tuo numero/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Invia ora' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Programma' })).toHaveCount(0);
  // The demo admin has no number on the profile: the test send points there.
  await expect(page.getByRole('link', { name: 'aggiungi il tuo numero nel profilo' })).toHaveAttribute('href', '/dashboard/profilo');
  await expectNoAxeViolations(page);
  // Even asking for the confirmation step directly offers nothing to send.
  await page.goto(`${alertUrl}?conferma=invio`);
  await expect(page.getByRole('button', { name: 'Sì, invia ora' })).toHaveCount(0);
  await page.goto('/dashboard/avvisi');
  await expect(page.getByRole('heading', { name: 'Verso l’avvio del servizio' })).toBeVisible();

  // The public counter, when the comune turns it on: how many are still missing, until the launch.
  await setPublicCounter(true);
  const missing = 500 - (await activeCount());
  const counterText = missing === 1 ? 'Manca 1 iscritto all’avvio del servizio' : `Mancano ${missing.toLocaleString('it-IT')} iscritti all’avvio del servizio`;
  await expect
    .poll(
      async () => {
        // The settings cache may still hold the old value for a few seconds: look, do not wait.
        await page.goto('/');
        const counter = page.getByTestId('launch-counter');
        return (await counter.count()) > 0 ? counter.innerText() : '';
      },
      { timeout: 20_000 },
    )
    .toContain(counterText);
  await expectNoAxeViolations(page);

  // The launch, with the welcome message.
  await launchFromPanel(page, true, expectNoAxeViolations);
  await expectNoAxeViolations(page);
  await expect.poll(async () => (await messagesContaining(request, citizen, 'Da oggi')).length, { timeout: 20_000 }).toBe(1);
  await page.getByRole('link', { name: 'segui l’invio' }).click();
  await expect(page.getByRole('progressbar', { name: 'Avanzamento dell’invio' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });

  // Launched: the counter is gone from the home page.
  await expect
    .poll(async () => {
      await page.goto('/');
      return page.getByTestId('launch-counter').count();
    })
    .toBe(0);

  // Sending is open: the same alert can now go to every subscriber.
  await page.goto(alertUrl);
  await expect(page.getByText('Il servizio non è ancora partito.')).toHaveCount(0);
  await page.getByRole('link', { name: 'Invia ora' }).click();
  await expect(page.getByRole('heading', { name: /^Confermi l’invio a / })).toBeVisible();
  await page.getByRole('button', { name: 'Sì, invia ora' }).click();
  await expect(page).toHaveURL(/esito=(inviato|trattenuto)/);
  if (page.url().includes('esito=inviato')) {
    await expect.poll(async () => (await messagesContaining(request, citizen, title)).length, { timeout: 20_000 }).toBe(1);
  } else {
    // A normal alert sent during quiet hours (22:00–07:00) is accepted and waits for the morning.
    await expect(page.locator('.badge', { hasText: 'Programmato' })).toBeVisible();
    await expect(page.getByText(/alla fine delle ore di silenzio/).first()).toBeVisible();
    await page.getByRole('link', { name: 'Annulla l’avviso' }).click();
    await page.getByRole('button', { name: 'Sì, annulla l’avviso' }).click();
    await expect(page.getByText('Avviso annullato. Non verrà inviato.')).toBeVisible();
  }
});
