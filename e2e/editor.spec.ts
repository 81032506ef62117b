import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { formatCount, people } from '../components/dashboard/alerts/labels';
import { parseWhatsAppFormatting, plainText } from '../lib/whatsapp/format';
import { validateForTemplate } from '../lib/templates/template-fit';
import { toRomeInputValue } from '../lib/time/rome-time';
import { defaultSettings } from '../lib/settings/defaults';
import { standardShape } from '../lib/templates/standard';
import { expectNoAxeViolations } from './support/axe';
import {
  createEditorWithTotp,
  ensureLaunched,
  ensureTemplatesApproved,
  logIn,
  logInAsAdmin,
  messagesContaining,
  subscribeByPhone,
  toggleTopicByPhone,
} from './support/dashboard';
import { simulator, simulatorHeaders, uniqueNumber, withDb } from './support/service';

/**
 * The editor's journey on the real service with its simulated WhatsApp: an admin creates an editor,
 * who turns on two-step verification and signs in with password + code, saves their number,
 * composes an alert with the live preview, sends a test to their own phone, sends it to the
 * followers of one topic, watches the progress bar reach 100% and reads the delivery report.
 *
 * Order: specs share one service. Sending needs the service launched, so the journey launches it
 * from the panel when no earlier spec did (launch.spec.ts tests the launch itself and copes with
 * either state). The alert is urgent: e2e tests run on the real clock, and a normal alert sent
 * during quiet hours (22:00–07:00) would wait for the morning; quiet hours and the weekly cap are
 * tested with a controllable clock in lib/alerts/*.test.ts.
 */

const TOPIC_SQL = `SELECT count(*)::int AS n FROM subscribers s
  WHERE s.status = 'ACTIVE' AND s.undeliverable_at IS NULL AND s.phone_enc IS NOT NULL
    AND EXISTS (SELECT 1 FROM subscriber_topics st JOIN topics t ON t.id = st.topic_id
                 WHERE st.subscriber_id = s.id AND t.active AND ($1::text IS NULL OR t.slug = $1))`;

/** Who an urgent alert reaches: active subscribers following the topic (null = any active topic), as publishing counts them. */
const activeFollowers = (slug: string | null) => withDb(async (db) => (await db.query<{ n: number }>(TOPIC_SQL, [slug])).rows[0]!.n);

/** The simulator's view of the alert's messages (every phone except the editor's, who got the test). */
async function simulatorCounts(request: APIRequestContext, text: string, exclude: string) {
  const phones = ((await (await request.get('/simulatore/api/phones', { headers: simulatorHeaders() })).json()) as { data: { digits: string }[] }).data;
  const out = { total: 0, delivered: 0, read: 0 };
  for (const p of phones) {
    if (p.digits === exclude) continue;
    for (const m of await simulator.messages(request, p.digits)) {
      if (m.from !== 'comune' || m.text !== text) continue;
      out.total += 1;
      if (m.status === 'delivered') out.delivered += 1;
      if (m.status === 'read') out.read += 1;
    }
  }
  return out;
}

async function reportCount(page: Page, label: string): Promise<number> {
  const row = page.getByRole('table', { name: 'Messaggi per stato' }).getByRole('row', { name: new RegExp(`^${label}\\b`) });
  return Number((await row.getByRole('cell').innerText()).replace(/\D/g, ''));
}

test('editor journey: TOTP login, compose with preview, test to own phone, send to one topic, progress and report', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const admin = await (await browser.newContext()).newPage();
  await logInAsAdmin(admin);
  await ensureTemplatesApproved(admin);
  await ensureLaunched(admin);
  const editor = await createEditorWithTotp(browser, admin, 'Redattrice di prova');

  // Two citizens subscribe on WhatsApp; the second switches off "Chiusura strade".
  const follower = uniqueNumber();
  const other = uniqueNumber();
  await subscribeByPhone(request, follower, 'Filiberta', 'Capodilista');
  await subscribeByPhone(request, other, 'Gualtiero', 'Montebelluna');
  await toggleTopicByPhone(request, other, 'chiusura-strade');

  const page = await (await browser.newContext()).newPage();
  // React reports hydration mismatches and failed client code in the console: the journey must
  // have none. Failed requests are checked by URL instead (the shared menu links pages of other
  // areas, which the browser prefetches), and none may concern the alert pages.
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  await logIn(page, editor.email, editor.password, editor.totpSecret);
  const editorPhone = uniqueNumber();
  await page.goto('/dashboard/profilo');
  await page.getByLabel('Cellulare').fill(`+${editorPhone}`);
  await page.getByRole('button', { name: 'Salva numero' }).click();
  await expect(page.getByText('Numero salvato')).toBeVisible();

  await page.getByRole('navigation', { name: 'Menu dell’area redazione' }).getByRole('link', { name: 'Avvisi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Avvisi' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Nuovo avviso' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nuovo avviso' })).toBeVisible();

  // Compose: the preview is the exact text WhatsApp will show.
  const title = `Via Cavour chiusa ${Date.now() % 100_000}`;
  const body = 'Stasera dalle 20 alle 24 *Via Cavour* è chiusa per lavori.\n- deviazione da Via Verdi\n- parcheggi aperti';
  const link = 'https://www.comune.conegliano.tv.it/viabilita';
  const fit = validateForTemplate({ title, body, link }, standardShape(defaultSettings, 'alert'));
  expect(fit.ok).toBe(true);
  await page.getByLabel('Titolo').fill(title);
  await page.getByLabel('Testo dell’avviso').fill(body);
  await page.getByLabel('Urgente', { exact: true }).check({ force: true });
  await page.getByLabel('Motivo dell’urgenza').fill('Chiusura disposta oggi dalla Prefettura');
  await page.getByLabel(/Link per saperne di più/).fill(link);
  const count = page.getByTestId('recipient-count');
  await expect(count).toHaveText(`Lo riceveranno ${people(await activeFollowers(null))}`);
  await page.getByLabel('Tutti gli argomenti (tutti gli iscritti)').uncheck({ force: true });
  await page.getByLabel(/^Chiusura strade/).check({ force: true });
  const expected = await activeFollowers('chiusura-strade');
  await expect(count).toHaveText(`Lo riceveranno ${people(expected)}`);

  const preview = page.getByRole('figure', { name: 'Anteprima sul telefono' });
  await expect(preview.locator('[data-part="body"]')).toHaveText(plainText(parseWhatsAppFormatting(fit.preview)));
  await expect(preview.locator('[data-part="body"] strong', { hasText: 'Via Cavour' }).first()).toBeVisible();
  await expect(preview.locator('[data-part="body"]')).toContainText('è chiusa per lavori. • deviazione da Via Verdi • parcheggi aperti');
  await expect(preview.locator('[data-part="footer"]')).toHaveText(fit.footer!);
  const checks = page.getByRole('region', { name: 'Lunghezza e controlli' });
  await expect(checks).toContainText(`Messaggio completo: ${formatCount(fit.charCount)} di ${formatCount(fit.charLimit)} caratteri`);
  await expect(checks).toContainText('le righe verranno unite');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Salva bozza' }).click();
  await expect(page).toHaveURL(/\/dashboard\/avvisi\/[0-9a-f-]{36}\?esito=salvato$/);
  const alertUrl = page.url().replace(/\?.*$/, '');
  await expect(page.getByText('Bozza salvata.')).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Anteprima sul telefono' }).locator('[data-part="body"]')).toHaveText(
    plainText(parseWhatsAppFormatting(fit.preview)),
  );
  await expectNoAxeViolations(page);

  // A test to the editor's own phone: exactly the previewed text.
  await page.getByRole('button', { name: 'Invia un test al mio numero' }).click();
  await expect(page.getByText(/Prova inviata al tuo numero/)).toBeVisible();
  expect(await simulator.repliesFor(request, editorPhone, 1)).toEqual([fit.preview]);

  // Send now, with the confirmation stating the count.
  await page.getByRole('link', { name: 'Invia ora' }).click();
  await expect(page.getByRole('heading', { name: `Confermi l’invio a ${people(expected)}?` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Sì, invia ora' }).click();
  await expect(page).toHaveURL(/esito=inviato/);
  const bar = page.getByRole('progressbar', { name: 'Avanzamento dell’invio' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });

  // The follower's phone has it, word for word; the other subscriber's does not.
  await expect.poll(async () => (await messagesContaining(request, follower, title)).map((m) => m.text)).toEqual([fit.preview]);
  expect(await messagesContaining(request, other, title)).toEqual([]);

  // The report (updated live, no reload) matches what the simulated phones reported.
  await expect(page.getByRole('heading', { name: 'Rapporto di consegna' })).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(
      async () => {
        const sim = await simulatorCounts(request, fit.preview, editorPhone);
        const shown = { delivered: await reportCount(page, 'Consegnati'), read: await reportCount(page, 'Letti') };
        return sim.total === expected && sim.delivered + sim.read === expected && shown.delivered === sim.delivered && shown.read === sim.read;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(page.locator('.badge', { hasText: 'Inviato' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Found in the list by its title, as sent.
  await page.goto(`/dashboard/avvisi?q=${encodeURIComponent(title)}`);
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Inviato');

  // Duplicate, schedule for tomorrow, cancel.
  await page.goto(alertUrl);
  await page.getByRole('button', { name: 'Duplica' }).click();
  await expect(page).toHaveURL(/\/modifica\?esito=duplicato$/);
  await expect(page.getByLabel('Titolo')).toHaveValue(title);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Salva modifiche' }).click();
  await expect(page).toHaveURL(/esito=modificato/);
  await page.getByLabel('Data e ora (ora italiana)').fill(toRomeInputValue(new Date(Date.now() + 24 * 3600 * 1000)));
  await page.getByRole('button', { name: 'Programma' }).click();
  await expect(page.getByText('Avviso programmato.')).toBeVisible();
  await expect(page.locator('.badge', { hasText: 'Programmato' })).toBeVisible();
  await page.getByRole('link', { name: 'Annulla l’avviso' }).click();
  await page.getByRole('button', { name: 'Sì, annulla l’avviso' }).click();
  await expect(page.getByText('Avviso annullato. Non verrà inviato.')).toBeVisible();

  // The templates page, with its sync.
  await page.goto('/dashboard/modelli');
  await expect(page.getByRole('row', { name: /avviso_comune/ })).toContainText('Approvato');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Sincronizza con Meta' }).click();
  await expect(page.getByText(/Stato aggiornato/)).toBeVisible();
  expect(consoleErrors).toEqual([]);
  expect(failedRequests.filter((r) => /\/(dashboard\/(avvisi|modelli|lancio)|api\/dashboard)/.test(r))).toEqual([]);
});
