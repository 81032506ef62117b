import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { anonymousRequest, createApiKeyViaCli, ensureLaunchedViaCli, waitForApprovedAlertTemplate } from './support/staff-http';

/**
 * The public archive /avvisi and its feeds: an alert sent through the API (public by default)
 * appears on the list, on its own page and in both feeds (well-formed XML); an alert kept out of
 * the archive does not. Pages pass axe (WCAG 2.1 AA) and announce the feeds in their <head>.
 */
let api: APIRequestContext;
let publicAlert: { id: string; title: string; body: string };
let privateAlertId: string;

test.beforeAll(async () => {
  await waitForApprovedAlertTemplate();
  await ensureLaunchedViaCli();
  api = await anonymousRequest();
  const headers = { authorization: `Bearer ${await createApiKeyViaCli('Sito del Comune e2e')}` };
  const stamp = Date.now();
  publicAlert = {
    title: `Lavori & deviazioni ${stamp}`,
    body: `Da lunedì *Via Cavour* è a senso unico alternato <fino a venerdì>.\nSeguite le indicazioni "sul posto". ${stamp}`,
    id: '',
  };
  const sent = await api.post('/api/v1/alerts', {
    headers,
    data: {
      title: publicAlert.title,
      body: publicAlert.body,
      urgency: 'urgent',
      urgentReason: 'Cantiere urgente',
      topics: ['viabilita'],
      link: 'https://www.comune.conegliano.tv.it/lavori?a=1&b=2',
      send: true,
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  publicAlert.id = (await sent.json()).id;
  const hidden = await api.post('/api/v1/alerts', {
    headers,
    data: {
      title: `Solo per gli iscritti ${stamp}`,
      body: 'Non va nell’archivio.',
      urgency: 'urgent',
      urgentReason: 'Prova',
      topics: ['urgenze'],
      publicArchive: false,
      send: true,
    },
  });
  expect(hidden.status(), await hidden.text()).toBe(201);
  privateAlertId = (await hidden.json()).id;
});
test.afterAll(async () => api.dispose());

/** Parsed by the browser's own XML parser: a <parsererror> means the feed is not well-formed. */
async function parseXml(page: Page, xml: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0]?.textContent ?? null;
    return {
      error,
      root: doc.documentElement.nodeName,
      namespace: doc.documentElement.namespaceURI,
      titles: [...doc.getElementsByTagName('title')].map((t) => t.textContent ?? ''),
    };
  }, xml);
}

test.describe('public archive', () => {
  test('lists the sent public alert, newest first, with its date in Italian; not the private one', async ({ page }) => {
    await page.goto('/avvisi');
    await expect(page.getByRole('heading', { level: 1, name: 'Avvisi inviati' })).toBeVisible();
    const card = page.getByRole('article').filter({ hasText: publicAlert.title });
    await expect(card).toBeVisible();
    await expect(card.getByText('Urgente')).toBeVisible();
    await expect(card.locator('time')).toHaveText(
      /^\d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4} alle \d{2}:\d{2}$/,
    );
    // The excerpt shows the text without WhatsApp's formatting markers.
    await expect(card).toContainText('Da lunedì Via Cavour è a senso unico alternato <fino a venerdì>.');
    await expect(page.getByRole('link', { name: /Solo per gli iscritti/ })).toHaveCount(0);
    const times = await page.locator('article time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect([...times].sort().reverse()).toEqual(times);
    await expectNoAxeViolations(page);
  });

  test('shows one alert on its own page, formatted, with its link; unknown or private ids are 404', async ({ page }) => {
    await page.goto('/avvisi');
    await page.getByRole('link', { name: publicAlert.title }).click();
    await expect(page).toHaveURL(new RegExp(`/avvisi/${publicAlert.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: publicAlert.title })).toBeVisible();
    await expect(page.locator('strong', { hasText: 'Via Cavour' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'https://www.comune.conegliano.tv.it/lavori?a=1&b=2' })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(publicAlert.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expectNoAxeViolations(page);
    expect((await page.request.get(`/avvisi/${privateAlertId}`)).status()).toBe(404);
    expect((await page.request.get('/avvisi/00000000-0000-4000-8000-000000000000')).status()).toBe(404);
    expect((await page.request.get('/avvisi/non-un-id')).status()).toBe(404);
  });

  test('RSS 2.0 and Atom feeds are well-formed XML with the sent alert', async ({ page }) => {
    const rss = await page.request.get('/avvisi/feed.xml');
    expect(rss.status()).toBe(200);
    expect(rss.headers()['content-type']).toContain('application/rss+xml');
    const rssText = await rss.text();
    const r = await parseXml(page, rssText);
    expect(r.error).toBeNull();
    expect(r.root).toBe('rss');
    expect(r.titles).toContain(`URGENTE: ${publicAlert.title}`);
    expect(rssText).toContain(`/avvisi/${publicAlert.id}</guid>`);
    expect(rssText).not.toContain(privateAlertId);

    const atom = await page.request.get('/avvisi/atom.xml');
    expect(atom.status()).toBe(200);
    expect(atom.headers()['content-type']).toContain('application/atom+xml');
    const atomText = await atom.text();
    const a = await parseXml(page, atomText);
    expect(a.error).toBeNull();
    expect(a).toMatchObject({ root: 'feed', namespace: 'http://www.w3.org/2005/Atom' });
    expect(a.titles).toContain(`URGENTE: ${publicAlert.title}`);
    expect(atomText).not.toContain(privateAlertId);
  });

  test('citizen pages link the archive and announce the feeds in their head', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute('href', /\/avvisi\/feed\.xml$/);
    await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', /\/avvisi\/atom\.xml$/);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Avvisi inviati' }).click();
    await expect(page).toHaveURL(/\/avvisi$/);
    await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveCount(1);
    await page.goto('/');
    await page.getByRole('link', { name: 'Leggi gli avvisi già inviati' }).click();
    await expect(page).toHaveURL(/\/avvisi$/);
  });
});
