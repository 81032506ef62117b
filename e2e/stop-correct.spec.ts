import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { people } from '../components/dashboard/alerts/labels';
import { expectNoAxeViolations } from './support/axe';
import { logIn, messagesContaining, subscribeByPhone, toggleTopicByPhone } from './support/dashboard';
import { SimulatedPhone } from './support/phone';
import { simulatorHeaders, uniqueNumber, withDb } from './support/service';
import {
  cli,
  createStaffViaCli,
  ensureLaunchedViaCli,
  readSetting,
  relaxMandatoryTotp,
  settingsCacheExpiry,
  waitForApprovedAlertTemplate,
  type StaffLogin,
} from './support/staff-http';

/**
 * The unhappy paths of an editor's day, in the browser against the real service and its simulated
 * WhatsApp: a wrong alert is going out and is stopped half-way ("Ferma l'invio"), the report
 * showing the part that was not sent; a sent alert is corrected ("Invia una rettifica") and the
 * correction reaches exactly the phones that received it, and sits next to it in the public
 * archive; the original is then withdrawn from the archive and its feeds.
 *
 * To have time to press the button, the stop journey slows the sender down to one message a
 * second (`messagesPerSecond`, the same setting staff change in Impostazioni) and puts it back
 * afterwards. The alerts are urgent: e2e tests run on the real clock, and a normal alert in quiet
 * hours would wait for the morning.
 */

let editor: StaffLogin;
let restoreTotp: () => Promise<void> = async () => {};

test.beforeAll(async () => {
  await waitForApprovedAlertTemplate();
  await ensureLaunchedViaCli();
  restoreTotp = await relaxMandatoryTotp();
  editor = await createStaffViaCli('editor', 'rettifiche');
});
test.afterAll(async () => restoreTotp());

async function editorPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, editor.email, editor.password);
  return page;
}

/** Composes an urgent alert (to one topic, or to everyone) and sends it now; returns its dashboard address. */
async function composeAndSend(page: Page, { title, body, topic }: { title: string; body: string; topic?: RegExp }): Promise<string> {
  await page.goto('/dashboard/avvisi/nuovo');
  await page.getByLabel('Titolo').fill(title);
  await page.getByLabel('Testo dell’avviso').fill(body);
  await page.getByLabel('Urgente', { exact: true }).check({ force: true });
  await page.getByLabel('Motivo dell’urgenza').fill('Disposto oggi dalla Prefettura');
  if (topic) {
    await page.getByLabel('Tutti gli argomenti (tutti gli iscritti)').uncheck({ force: true });
    await page.getByLabel(topic).check({ force: true });
  }
  await page.getByRole('button', { name: 'Salva bozza' }).click();
  await expect(page).toHaveURL(/\/dashboard\/avvisi\/[0-9a-f-]{36}\?esito=salvato$/);
  const url = page.url().replace(/\?.*$/, '');
  await page.getByRole('link', { name: 'Invia ora' }).click();
  await page.getByRole('button', { name: 'Sì, invia ora' }).click();
  await expect(page).toHaveURL(/esito=inviato/);
  return url;
}

const idOf = (url: string) => /avvisi\/([0-9a-f-]{36})/.exec(url)![1]!;

async function deliveryCounts(alertId: string): Promise<Record<string, number>> {
  return withDb(async (db) => {
    const r = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY status', [alertId]);
    return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
  });
}

/** Of these phones, the ones the simulator shows a comune message containing `fragment` on (not one it reported failed). */
async function phonesWith(request: APIRequestContext, phones: string[], fragment: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of phones) if ((await messagesContaining(request, p, fragment)).some((m) => m.status !== 'failed')) out.push(p);
  return out;
}

async function allPhones(request: APIRequestContext): Promise<string[]> {
  const r = await request.get('/simulatore/api/phones', { headers: simulatorHeaders() });
  return ((await r.json()) as { data: { digits: string }[] }).data.map((p) => p.digits);
}

async function reportCount(page: Page, label: string): Promise<number> {
  const row = page.getByRole('table', { name: 'Messaggi per stato' }).getByRole('row', { name: new RegExp(`^${label}`) });
  return Number((await row.getByRole('cell').innerText()).replace(/\D/g, ''));
}

test.describe.serial('stop, correct, withdraw', () => {
  let original: { url: string; title: string; body: string };
  let correction: { url: string; title: string; body: string };

  test('an editor stops an alert while it is going out; the report shows the cancelled part', async ({ browser, request }) => {
    test.setTimeout(240_000);
    const phones: string[] = [];
    // At one message a second, fourteen recipients take about fourteen seconds: time enough to press the button.
    const names = [
      'Ildebranda',
      'Sigismondo',
      'Genoveffa',
      'Ermenegildo',
      'Rosalinda',
      'Bartolomeo',
      'Clotilde',
      'Gioacchino',
      'Eleonora',
      'Ottaviano',
      'Leopoldina',
      'Massimiliano',
      'Crescenzia',
      'Pancrazio',
    ];
    for (const [i, name] of names.entries()) {
      const digits = uniqueNumber();
      await subscribeByPhone(request, digits, name, `Fermabile${'abcdefghijklmn'[i]}`);
      phones.push(digits);
    }

    const previousRate = await readSetting('messagesPerSecond');
    await cli('settings:set', 'messagesPerSecond', '1');
    await settingsCacheExpiry();
    try {
      const page = await editorPage(browser);
      const stamp = Date.now() % 100_000;
      const title = `Acqua non potabile ${stamp}`;
      const url = await composeAndSend(page, { title, body: `Testo sbagliato: non bevete l’acqua del rubinetto in tutto il comune. ${stamp}` });
      const alertId = idOf(url);
      await expect(page.locator('.badge', { hasText: 'In invio' })).toBeVisible();
      await expect(page.getByRole('progressbar', { name: 'Avanzamento dell’invio' })).toBeVisible();

      // Stop it: the confirmation first (checked by axe), then the stop.
      await page.getByRole('link', { name: 'Ferma l’invio' }).click();
      await expect(page.getByRole('heading', { name: 'Vuoi fermare l’invio di questo avviso?' })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Sì, ferma l’invio' }).click();
      await expect(page).toHaveURL(/esito=fermato/);
      await expect(page.getByText(/^Invio fermato: i messaggi non ancora partiti non verranno inviati/)).toBeVisible();
      await expect(page.locator('.badge', { hasText: 'Annullato' })).toBeVisible();

      // Within 2 s nothing more leaves: what reached the simulator then is all that ever will.
      await page.waitForTimeout(2_500);
      const reached = await phonesWith(request, phones, title);
      await page.waitForTimeout(3_000);
      expect(await phonesWith(request, phones, title)).toEqual(reached);
      expect(reached.length).toBeLessThan(phones.length);

      // The database agrees: nothing queued or sending, the rest cancelled; the report (live) shows it.
      await expect
        .poll(async () => {
          const c = await deliveryCounts(alertId);
          return (c.QUEUED ?? 0) + (c.SENDING ?? 0);
        })
        .toBe(0);
      const counts = await deliveryCounts(alertId);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const cancelled = counts.CANCELLED ?? 0;
      expect(cancelled).toBeGreaterThan(0);
      // What went out is what the phones have (every phone: earlier journeys may have left subscribers).
      const sent = (counts.SENT ?? 0) + (counts.DELIVERED ?? 0) + (counts.READ ?? 0);
      expect((await phonesWith(request, await allPhones(request), title)).length).toBe(sent);
      expect(sent + cancelled + (counts.FAILED ?? 0) + (counts.SKIPPED ?? 0)).toBe(total);
      await expect(page.getByRole('heading', { name: 'Rapporto di consegna' })).toBeVisible({ timeout: 15_000 });
      await expect.poll(() => reportCount(page, 'Annullati \\(invio fermato\\)')).toBe(cancelled);
      await expect.poll(() => reportCount(page, 'In coda')).toBe(0);
      await expect(page.getByRole('row', { name: /^Totale/ })).toContainText(String(total));
      await expectNoAxeViolations(page);
      // A stopped alert cannot be stopped again.
      await expect(page.getByRole('link', { name: 'Ferma l’invio' })).toHaveCount(0);

      // Those it reached can be told: a correction of the stopped alert goes to them and nobody else.
      await page.getByRole('link', { name: 'Invia una rettifica' }).click();
      await expect(page.getByText(`La rettifica arriva su WhatsApp a ${people(sent)} che`)).toBeVisible();
      await page.getByLabel('Titolo della rettifica').fill(`Acqua potabile ${stamp}`);
      await page.getByLabel('Testo corretto').fill(`Ci scusiamo: l’acqua del rubinetto è potabile, il messaggio precedente era un errore. ${stamp}`);
      await page.getByRole('button', { name: 'Invia la rettifica' }).click();
      await expect(page).toHaveURL(/esito=inviato/);
      await expect(page.locator('.badge', { hasText: 'Inviato' })).toBeVisible({ timeout: 60_000 });
      await expect.poll(() => phonesWith(request, phones, `Rettifica: Acqua potabile ${stamp}`), { timeout: 30_000 }).toEqual(reached);
      await page.context().close();
    } finally {
      await cli('settings:set', 'messagesPerSecond', String(typeof previousRate === 'number' ? previousRate : 80));
      await settingsCacheExpiry();
    }
  });

  test('a correction reaches the same people and sits next to the original in the archive', async ({ browser, request }) => {
    test.setTimeout(240_000);
    // Two followers of "Chiusura strade" get the original; a third has switched the topic off.
    const first = uniqueNumber();
    const second = uniqueNumber();
    const notFollowing = uniqueNumber();
    await subscribeByPhone(request, first, 'Filomena', 'Rettificata');
    await subscribeByPhone(request, second, 'Tarcisio', 'Rettificato');
    await subscribeByPhone(request, notFollowing, 'Ludovica', 'Disinteressata');
    await toggleTopicByPhone(request, notFollowing, 'chiusura-strade');

    // The first follower watches their chat on the simulated phone page.
    const phonePage = await (await browser.newContext()).newPage();
    const phone = new SimulatedPhone(phonePage);
    await phone.open(first, 'Filomena');
    expect(await phone.reply(1)).toContain('Ciao Filomena');

    const page = await editorPage(browser);
    const stamp = Date.now() % 100_000;
    original = {
      title: `Via Manin chiusa ${stamp}`,
      body: `Domani dalle 8 alle 12 Via Manin è chiusa per il mercato. ${stamp}`,
      url: '',
    };
    original.url = await composeAndSend(page, { ...original, topic: /^Chiusura strade/ });
    await expect(page.getByRole('progressbar', { name: 'Avanzamento dell’invio' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
    await expect(page.locator('.badge', { hasText: 'Inviato' })).toBeVisible({ timeout: 15_000 });
    expect(await phone.reply(2)).toContain(original.title);
    await expect.poll(() => phonesWith(request, [first, second, notFollowing], original.title)).toEqual([first, second]);
    const receivedOriginal = await withDb(
      async (db) =>
        (
          await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND status IN ('SENT', 'DELIVERED', 'READ')`, [
            idOf(original.url),
          ])
        ).rows[0]!.n,
    );

    // Someone who follows the topic but subscribes after the original must not get the correction.
    const latecomer = uniqueNumber();
    await subscribeByPhone(request, latecomer, 'Ambrogina', 'Ritardataria');

    // The correction form: says who it reaches, passes axe, then goes out.
    await page.goto(original.url);
    await page.getByRole('link', { name: 'Invia una rettifica' }).click();
    await expect(page.getByRole('heading', { name: 'Invia una rettifica' })).toBeVisible();
    await expect(page.getByText(`La rettifica arriva su WhatsApp a ${people(receivedOriginal)} che`)).toBeVisible();
    await expect(page.getByLabel('Titolo della rettifica')).toHaveValue(original.title);
    await expectNoAxeViolations(page);
    correction = {
      title: `Via Manin chiusa dalle 14 ${stamp}`,
      body: `Correzione: domani Via Manin è chiusa dalle 14 alle 18, non al mattino. ${stamp}`,
      url: '',
    };
    await page.getByLabel('Titolo della rettifica').fill(correction.title);
    await page.getByLabel('Testo corretto').fill(correction.body);
    await page.getByRole('button', { name: 'Invia la rettifica' }).click();
    await expect(page).toHaveURL(/esito=inviato/);
    correction.url = page.url().replace(/\?.*$/, '');
    expect(idOf(correction.url)).not.toBe(idOf(original.url));
    await expect(page.getByRole('heading', { level: 1, name: `Rettifica: ${correction.title}` })).toBeVisible();
    await expect(page.getByText('È una rettifica: va a chi ha ricevuto')).toBeVisible();
    await expect(page.locator('.badge', { hasText: 'Inviato' })).toBeVisible({ timeout: 60_000 });

    // On the phone: the correction after the original, with its text.
    const shown = await phone.reply(3);
    expect(shown).toContain(`Rettifica: ${correction.title}`);
    expect(shown).toContain('dalle 14 alle 18');
    // Exactly the phones that had the original: not the one without the topic, not the latecomer.
    await expect.poll(() => phonesWith(request, [first, second, notFollowing, latecomer], `Rettifica: ${correction.title}`)).toEqual([first, second]);

    // The public archive: the correction is marked "Rettifica" and links to the original, which links back.
    await page.goto('/avvisi');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: `Rettifica: ${correction.title}` }) });
    await expect(card.getByText('Rettifica', { exact: true })).toBeVisible();
    await expect(card.getByRole('link', { name: original.title })).toHaveAttribute('href', `/avvisi/${idOf(original.url)}`);
    const originalCard = page.getByRole('article').filter({ has: page.getByRole('heading', { name: original.title, exact: true }) });
    await expect(originalCard.getByText('Rettificato', { exact: true })).toBeVisible();
    await card.getByRole('link', { name: `Rettifica: ${correction.title}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Rettifica: ${correction.title}` })).toBeVisible();
    await expect(page.getByText('Rettifica dell’avviso')).toBeVisible();
    await page.getByRole('link', { name: original.title }).click();
    await expect(page.getByRole('heading', { level: 1, name: original.title })).toBeVisible();
    await expect(page.getByRole('note')).toContainText('Questo avviso è stato rettificato.');
    await expect(page.getByRole('note').getByRole('link', { name: `Rettifica: ${correction.title}` })).toBeVisible();
    await page.context().close();
    await phonePage.context().close();
  });

  test('the original is withdrawn: gone from the archive and the feeds, its page says "Avviso ritirato"', async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await editorPage(browser);
    const originalId = idOf(original.url);
    for (const feed of ['/avvisi/feed.xml', '/avvisi/atom.xml']) expect(await (await page.request.get(feed)).text()).toContain(original.title);

    await page.goto(original.url);
    await page.getByRole('link', { name: 'Ritira dall’archivio' }).click();
    await expect(page.getByRole('heading', { name: 'Vuoi ritirare questo avviso dall’archivio pubblico?' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sì, ritira dall’archivio' }).click();
    await expect(page).toHaveURL(/esito=ritirato/);
    await expect(page.getByText('Avviso ritirato: non compare più nell’archivio pubblico')).toBeVisible();
    await expect(page.getByText(/^Ritirato dall’archivio pubblico il/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ritira dall’archivio' })).toHaveCount(0);

    // Neither the list nor the feeds name it any more (the correction stays, without the link to it).
    await page.goto('/avvisi');
    await expect(page.getByRole('heading', { name: `Rettifica: ${correction.title}` })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(original.title);
    await expect(page.locator(`a[href="/avvisi/${originalId}"]`)).toHaveCount(0);
    for (const feed of ['/avvisi/feed.xml', '/avvisi/atom.xml']) {
      const xml = await (await page.request.get(feed)).text();
      expect(xml).toContain(correction.title);
      expect(xml).not.toContain(original.title);
      expect(xml).not.toContain(originalId);
    }

    // A shared link still answers, without the title or the text.
    await page.goto(`/avvisi/${originalId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Avviso ritirato' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(original.title);
    await expect(page.getByRole('main')).not.toContainText(original.body);
    await expect(page).toHaveTitle(/Avviso ritirato/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
