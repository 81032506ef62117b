import { expect, test, type Page } from '@playwright/test';
import { dashboardPages } from './support/app-routes';
import { expectNoAxeViolations } from './support/axe';
import { createEditorWithTotp, freshTotpCode, logInAsAdmin, subscribeByPhone } from './support/dashboard';
import { uniqueNumber, withDb } from './support/service';
import { ensureLaunchedViaCli, waitForApprovedAlertTemplate } from './support/staff-http';

/**
 * axe (WCAG 2.1 AA) finds nothing on any dashboard page, at a desktop and at a phone viewport, and
 * the side menu works on a phone. The pages are listed below, one line each; the first test fails
 * when a page under app/(dashboard) is not listed, so a new page cannot skip the check.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Real ids for the dynamic segments, found once in beforeAll. */
interface Ids {
  alert: string;
  /** An alert already sent (to the one subscriber): its report, the correction form, the withdrawal confirmation. */
  sent: string;
  subscriber: string;
  user: string;
}

/**
 * Every dashboard page (as its route pattern) and the address visited for it, signed in as admin.
 * Add a line for a new page; a route may have more lines (another state, e.g. `?conferma=...`),
 * and `then` may act on the page (e.g. submit a form with mistakes) before a second check.
 */
const PAGES: { route: string; url: (ids: Ids) => string; then?: (page: Page) => Promise<void> }[] = [
  { route: '/dashboard', url: () => '/dashboard' },
  { route: '/dashboard/notifiche', url: () => '/dashboard/notifiche' },
  { route: '/dashboard/avvisi', url: () => '/dashboard/avvisi' },
  {
    route: '/dashboard/avvisi/nuovo',
    url: () => '/dashboard/avvisi/nuovo',
    then: async (page) => {
      await page.getByRole('button', { name: 'Salva bozza' }).click();
      await expect(page.getByText('Controlla i campi evidenziati.')).toBeVisible();
    },
  },
  { route: '/dashboard/avvisi/[id]', url: (ids) => `/dashboard/avvisi/${ids.alert}` },
  { route: '/dashboard/avvisi/[id]', url: (ids) => `/dashboard/avvisi/${ids.alert}?conferma=invio` },
  { route: '/dashboard/avvisi/[id]', url: (ids) => `/dashboard/avvisi/${ids.sent}` },
  // The confirmations show only for an alert they apply to: the heading proves the state was reached.
  {
    route: '/dashboard/avvisi/[id]',
    url: (ids) => `/dashboard/avvisi/${ids.sent}?conferma=rettifica`,
    then: (page) => expect(page.getByRole('heading', { name: 'Invia una rettifica' })).toBeVisible(),
  },
  {
    route: '/dashboard/avvisi/[id]',
    url: (ids) => `/dashboard/avvisi/${ids.sent}?conferma=ritira`,
    then: (page) => expect(page.getByRole('heading', { name: 'Vuoi ritirare questo avviso dall’archivio pubblico?' })).toBeVisible(),
  },
  { route: '/dashboard/avvisi/[id]/modifica', url: (ids) => `/dashboard/avvisi/${ids.alert}/modifica` },
  { route: '/dashboard/avvisi/[id]/stampa', url: (ids) => `/dashboard/avvisi/${ids.alert}/stampa` },
  { route: '/dashboard/iscritti', url: () => '/dashboard/iscritti' },
  { route: '/dashboard/iscritti/importa', url: () => '/dashboard/iscritti/importa' },
  { route: '/dashboard/iscritti/[id]/cancella', url: (ids) => `/dashboard/iscritti/${ids.subscriber}/cancella` },
  { route: '/dashboard/modelli', url: () => '/dashboard/modelli' },
  {
    route: '/dashboard/argomenti',
    url: () => '/dashboard/argomenti',
    then: async (page) => {
      const form = page.getByRole('form', { name: 'Nuovo argomento' });
      await form.getByRole('button', { name: 'Crea l’argomento' }).click();
      await expect(form.getByText('Il nome deve avere almeno 2 caratteri.')).toBeVisible();
      await page
        .getByText(/^Ritira/)
        .first()
        .click();
    },
  },
  {
    route: '/dashboard/zone',
    url: () => '/dashboard/zone',
    then: async (page) => {
      const form = page.getByRole('form', { name: 'Nuova zona' });
      await form.getByRole('button', { name: 'Crea la zona' }).click();
      await expect(form.getByText('Il nome deve avere almeno 2 caratteri.')).toBeVisible();
      await page
        .getByText(/^Ritira/)
        .first()
        .click();
    },
  },
  { route: '/dashboard/lancio', url: () => '/dashboard/lancio' },
  { route: '/dashboard/statistiche', url: () => '/dashboard/statistiche' },
  { route: '/dashboard/chiavi-api', url: () => '/dashboard/chiavi-api' },
  { route: '/dashboard/utenti', url: () => '/dashboard/utenti' },
  { route: '/dashboard/utenti/[id]', url: (ids) => `/dashboard/utenti/${ids.user}` },
  { route: '/dashboard/registro', url: () => '/dashboard/registro' },
  { route: '/dashboard/impostazioni', url: () => '/dashboard/impostazioni' },
  { route: '/dashboard/profilo', url: () => '/dashboard/profilo' },
  { route: '/dashboard/profilo/due-passaggi', url: () => '/dashboard/profilo/due-passaggi' },
];

const one = (sql: string) => withDb(async (db) => (await db.query<{ id: string }>(sql)).rows[0]?.id);

test('every dashboard page is in the list below', () => {
  expect([...new Set(PAGES.map((p) => p.route))].sort()).toEqual(dashboardPages());
});

test('the login page and its code step pass axe, at desktop and phone size', async ({ browser, page }) => {
  test.setTimeout(120_000);
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/accedi');
    await expectNoAxeViolations(page);
  }
  await page.setViewportSize(DESKTOP);
  // A refused login shows its error: that state passes too.
  await page.getByLabel('Email').fill('nessuno@comune.example.it');
  await page.getByLabel('Password').fill('Una password sbagliata 2026');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectNoAxeViolations(page);

  // Password recovery: the request (and its neutral answer) and a reset link that is not valid.
  await page.goto('/accedi');
  await page.getByRole('link', { name: 'Password dimenticata?' }).click();
  await expect(page.getByRole('heading', { name: 'Password dimenticata' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Email').fill('nessuno@comune.example.it');
  await page.getByRole('button', { name: 'Invia il link' }).click();
  await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/accedi/nuova-password?token=non-valido');
  await expectNoAxeViolations(page);

  // The code step needs someone with two-step verification.
  await logInAsAdmin(page);
  const editor = await createEditorWithTotp(browser, page, 'Ortensia Valdobbiadene');
  const context = await browser.newContext();
  const other = await context.newPage();
  for (const size of [DESKTOP, PHONE]) {
    await other.setViewportSize(size);
    await other.goto('/accedi');
    await other.getByLabel('Email').fill(editor.email);
    await other.getByLabel('Password').fill(editor.password);
    await other.getByRole('button', { name: 'Accedi' }).click();
    await expect(other.getByLabel('Codice di verifica')).toBeVisible();
    await expectNoAxeViolations(other);
  }
  await other.getByLabel('Codice di verifica').fill(await freshTotpCode(editor.totpSecret));
  await other.getByRole('button', { name: 'Accedi' }).click();
  await expect(other).toHaveURL(/\/dashboard$/);
  await context.close();
});

test.describe('signed in as admin', () => {
  let ids: Ids;

  test.beforeAll(async ({ browser, request }) => {
    test.setTimeout(150_000);
    const page = await browser.newPage();
    await logInAsAdmin(page);
    // A draft alert and a subscriber, so that the pages with an id show real content.
    await page.goto('/dashboard/avvisi/nuovo');
    await page.getByLabel('Titolo').fill('Mercato spostato in piazza Cima');
    await page.getByLabel('Testo dell’avviso').fill('Sabato il mercato settimanale si tiene in piazza Cima per lavori in piazza Calvi.');
    await page.getByRole('button', { name: 'Salva bozza' }).click();
    await expect(page).toHaveURL(/\/dashboard\/avvisi\/[0-9a-f-]{36}\?esito=salvato$/);
    const alert = /avvisi\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await subscribeByPhone(request, uniqueNumber(), 'Gelsomina', 'Pievesana');
    const subscriber = await one(`SELECT id FROM subscribers WHERE status = 'ACTIVE' ORDER BY created_at DESC LIMIT 1`);
    const user = await one(`SELECT id FROM staff_users ORDER BY created_at LIMIT 1`);
    // A sent alert (urgent: quiet hours do not hold it), for the report and the correction and
    // withdrawal confirmations. The stop confirmation needs an alert caught while it is going
    // out: e2e/stop-correct.spec.ts checks it with axe.
    await waitForApprovedAlertTemplate();
    await ensureLaunchedViaCli();
    await page.goto('/dashboard/avvisi/nuovo');
    await page.getByLabel('Titolo').fill('Piazza Cima riaperta');
    await page.getByLabel('Testo dell’avviso').fill('Da oggi piazza Cima è di nuovo aperta al traffico.');
    await page.getByLabel('Urgente', { exact: true }).check({ force: true });
    await page.getByLabel('Motivo dell’urgenza').fill('Riapertura anticipata');
    await page.getByRole('button', { name: 'Salva bozza' }).click();
    await expect(page).toHaveURL(/\/dashboard\/avvisi\/[0-9a-f-]{36}\?esito=salvato$/);
    const sent = /avvisi\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.getByRole('link', { name: 'Invia ora' }).click();
    await page.getByRole('button', { name: 'Sì, invia ora' }).click();
    await expect(page).toHaveURL(/esito=inviato/);
    await expect.poll(async () => one(`SELECT status::text AS id FROM alerts WHERE id = '${sent}'`), { timeout: 60_000 }).toBe('SENT');
    ids = { alert, sent, subscriber: subscriber!, user: user! };
    await page.close();
  });

  test.beforeEach(async ({ page }) => logInAsAdmin(page));

  for (const size of [DESKTOP, PHONE]) {
    test(`every dashboard page passes axe at ${size.width}x${size.height}`, async ({ page }) => {
      test.setTimeout(180_000);
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
      });
      await page.setViewportSize(size);
      for (const p of PAGES) {
        const response = await page.goto(p.url(ids));
        expect(response?.status(), p.route).toBe(200);
        await expect(page.locator('h1').first()).toBeVisible();
        // Soft: one run names the violations of every page.
        await expectNoAxeViolations(page, { soft: true });
        if (p.then) {
          await p.then(page);
          await expectNoAxeViolations(page, { soft: true });
        }
      }
      expect(consoleErrors, 'errors in the browser console').toEqual([]);
      // The open phone menu too.
      if (size === PHONE) {
        await page.goto('/dashboard');
        await page.getByRole('button', { name: 'Menu' }).click();
        await expectNoAxeViolations(page);
      }
    });
  }

  test('on a phone the side menu opens behind a button, closes with Escape and navigates', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/dashboard');
    const button = page.getByRole('button', { name: 'Menu' });
    const menu = page.getByRole('navigation', { name: 'Menu dell’area redazione' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toHaveAttribute('aria-controls', 'dashboard-menu');
    await expect(menu).toBeHidden();

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Panoramica' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toBeFocused();

    await button.press('Enter');
    await expect(menu).toBeVisible();
    await menu.getByRole('link', { name: 'Argomenti' }).click();
    await expect(page).toHaveURL(/\/dashboard\/argomenti$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Argomenti' })).toBeVisible();
    await expect(menu).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('#main-content')).toBeFocused();

    // At desktop size the menu is always there and the button is not.
    await page.setViewportSize(DESKTOP);
    await expect(menu).toBeVisible();
    await expect(button).toBeHidden();
  });
});
