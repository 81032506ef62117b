import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { SimulatedPhone } from './support/phone';
import { cipher, remember, simulatorHeaders, simulatorToken, uniqueNumber, withDb } from './support/service';

/** The citizen's journeys, on the real service with its simulated WhatsApp. */

async function subscriberRow(digits: string) {
  const hmac = cipher().hmac(`+${digits}`);
  return withDb(async (db) => (await db.query('SELECT * FROM subscribers WHERE phone_hmac = $1', [hmac])).rows[0] ?? null);
}

/**
 * Bootstrap Italia draws its own checkbox on the label, over the input: a person clicks the label.
 * Clicking it works with and without JavaScript; the state is then checked.
 */
async function setTicked(page: Page, name: string | RegExp, ticked: boolean): Promise<void> {
  const box = page.getByRole('checkbox', { name });
  if ((await box.isChecked()) !== ticked) {
    const id = await box.getAttribute('id');
    await page.locator(`label[for="${id}"]`).click();
  }
  await expect(box).toBeChecked({ checked: ticked });
}

/**
 * Every journey here runs under the real Content-Security-Policy (lib/http/csp.ts): a script,
 * style, worker or frame the policy blocks is reported by Chromium on the console, and fails the test.
 */
const cspViolations: string[] = [];
test.beforeEach(({ context }) => {
  cspViolations.length = 0;
  context.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${m.page()?.url() ?? '?'}: ${m.text()}`);
  });
  context.on('weberror', (e) => {
    if (/Content Security Policy/i.test(String(e.error()))) cspViolations.push(String(e.error()));
  });
});
test.afterEach(() => {
  expect(cspViolations, 'Content Security Policy violations').toEqual([]);
});

function italianFormat(digits: string): string {
  return `${digits.slice(2, 5)} ${digits.slice(5, 8)} ${digits.slice(8)}`;
}

test('form -> pending -> confirmed from the simulated phone -> active', async ({ page, context }) => {
  const digits = uniqueNumber();
  remember('Gianfranco', 'Zanardelli');
  await page.goto('/');
  await page.getByRole('link', { name: 'Compila il modulo di iscrizione' }).click();
  await expect(page).toHaveURL(/\/iscriviti$/);
  await page.getByLabel('Nome', { exact: true }).fill('Gianfranco');
  await page.getByLabel('Cognome', { exact: true }).fill('Zanardelli');
  await page.getByLabel('Cellulare').fill(italianFormat(digits));
  await expect(page.getByRole('checkbox', { name: /Viabilità e traffico/ })).toBeChecked();
  await setTicked(page, /Avvisi urgenti/, false);
  await setTicked(page, /Ho letto l.informativa privacy/, true);
  await page.getByRole('button', { name: 'Invia richiesta' }).click();

  await expect(page.getByRole('heading', { name: 'Ultimo passo: conferma da WhatsApp' })).toBeVisible({ timeout: 30_000 });
  const text = (await page.locator('.message-to-send').first().innerText()).trim();
  expect(text).toMatch(/^Iscrivimi Gianfranco Zanardelli \d{6}$/);
  await expect(page.getByRole('link', { name: 'Apri WhatsApp e invia il messaggio' })).toHaveAttribute('href', /^https:\/\/wa\.me\/\d+\?text=Iscrivimi/);
  await expectNoAxeViolations(page);
  expect(await subscriberRow(digits)).toMatchObject({ status: 'PENDING', source: 'WEB' });

  const phonePage = await context.newPage();
  const phone = new SimulatedPhone(phonePage);
  await phone.open(digits, 'Gianfranco');
  await phone.send(text);
  expect(await phone.reply(1)).toContain('Ciao Gianfranco');
  await expect.poll(async () => (await subscriberRow(digits))?.status).toBe('ACTIVE');
  const topics = await withDb(async (db) =>
    (
      await db.query(
        `SELECT t.slug FROM subscriber_topics st JOIN topics t ON t.id = st.topic_id JOIN subscribers s ON s.id = st.subscriber_id
        WHERE s.phone_hmac = $1 ORDER BY t.slug`,
        [cipher().hmac(`+${digits}`)],
      )
    ).rows.map((r: { slug: string }) => r.slug),
  );
  expect(topics).toEqual(['chiusura-strade', 'viabilita']);
});

test('"Iscrivimi" and "Cancellami" from the simulated phone: confirmations, then name and number gone', async ({ page }) => {
  const digits = uniqueNumber();
  remember('Ermenegilda', 'Brambilla');
  const phone = new SimulatedPhone(page);
  await phone.open(digits, 'Ermenegilda');
  await phone.send('Iscrivimi Ermenegilda Brambilla');
  const welcome = await phone.reply(1);
  expect(welcome).toContain('Ciao Ermenegilda');
  expect(welcome).toContain('WhatsApp Conegliano');
  expect(welcome).toContain('Cancellami');
  const active = await subscriberRow(digits);
  expect(active).toMatchObject({ status: 'ACTIVE', source: 'WHATSAPP' });
  expect(cipher().decrypt(active.first_name_enc)).toBe('Ermenegilda');

  await phone.send('Cancellami');
  expect(await phone.reply(2)).toContain('non riceverai più messaggi');
  await expect.poll(async () => (await subscriberRow(digits))?.status).toBe('UNSUBSCRIBED');
  expect(await subscriberRow(digits)).toMatchObject({ phone_enc: null, first_name_enc: null, last_name_enc: null, wa_user_id_enc: null });
});

test('anything else gets the one-way notice, once', async ({ page }) => {
  const phone = new SimulatedPhone(page);
  await phone.open(uniqueNumber(), 'Anonimo');
  await phone.send('Buongiorno, a che ora chiude il mercato?');
  expect(await phone.reply(1)).toContain('non legge i messaggi');
  await phone.send('Grazie');
  await page.waitForTimeout(1500);
  await expect(page.getByRole('list', { name: 'Conversazione' }).locator('[data-from="comune"]')).toHaveCount(1);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form still works and shows errors next to the fields', async ({ page }) => {
    const digits = uniqueNumber();
    remember('Bartolomeo', 'Castellani');
    await page.goto('/iscriviti');
    await page.getByRole('button', { name: 'Invia richiesta' }).click();
    await expect(page.getByText('Scrivi il tuo nome.').first()).toBeVisible();
    await page.getByLabel('Nome', { exact: true }).fill('Bartolomeo');
    await page.getByLabel('Cognome', { exact: true }).fill('Castellani');
    await page.getByLabel('Cellulare').fill(`+${digits}`);
    await setTicked(page, /Ho letto l.informativa privacy/, true);
    await page.waitForTimeout(3100); // the no-JS bot check: a person needs a few seconds
    await page.getByRole('button', { name: 'Invia richiesta' }).click();
    await expect(page.getByRole('heading', { name: 'Ultimo passo: conferma da WhatsApp' })).toBeVisible();
    expect(await subscriberRow(digits)).toMatchObject({ status: 'PENDING' });
  });
});

test('the simulated phone wants this start’s token: the control API refuses without it, the page asks for it', async ({ page, request }) => {
  // Posting as a citizen, or reading what the comune sent, needs the token printed at start-up.
  const refused = await request.get('/simulatore/api/phones');
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('simulator token');
  expect((await request.post('/simulatore/api/phones/393470000001/messages', { data: { type: 'text', text: 'Cancellami' } })).status()).toBe(401);
  expect((await request.get('/simulatore/api/phones', { headers: { 'x-simulator-token': 'wrong' } })).status()).toBe(401);
  expect((await request.get('/simulatore/api/phones', { headers: simulatorHeaders() })).status()).toBe(200);

  // Opened without the link's #token=, the page asks for it, and works once it is given.
  await page.goto('/simulatore/');
  await expect(page.getByLabel('Token del simulatore')).toBeVisible();
  await page.getByLabel('Token del simulatore').fill(simulatorToken());
  await page.getByRole('button', { name: 'Usa il token' }).click();
  await expect(page.getByLabel('Token del simulatore')).toBeHidden();
  const digits = uniqueNumber();
  await page.getByLabel('Numero di telefono').fill(`+${digits}`);
  await page.getByLabel('Numero di telefono').press('Enter');
  await page.getByLabel('Messaggio').fill('Ciao');
  await page.getByRole('button', { name: 'Invia', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Conversazione' }).locator('[data-from="comune"]')).toHaveCount(1, { timeout: 15_000 });
  // The link's fragment is taken into the tab's sessionStorage and dropped from the address bar
  // (here pasted into a tab already on the page; the other journeys open the link in a fresh one).
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`/simulatore/#token=${encodeURIComponent(simulatorToken())}`);
  await expect(page).toHaveURL(/\/simulatore\/$/);
  expect(await page.evaluate(() => sessionStorage.getItem('banditore.sim.token'))).toBe(simulatorToken());
  await expect(page.getByLabel('Token del simulatore')).toBeHidden();
});

test('the form with its errors shown passes axe', async ({ page }) => {
  await page.goto('/iscriviti');
  await page.getByRole('button', { name: 'Invia richiesta' }).click();
  await expect(page.getByText('Scrivi il tuo nome.').first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test('every public page passes axe (WCAG 2.1 AA)', async ({ page }) => {
  for (const path of [
    '/',
    '/iscriviti',
    '/privacy',
    '/accessibilita',
    '/iscriviti/conferma?t=scaduto',
    '/preferenze?t=scaduto',
    '/pagina-che-non-esiste',
    '/simulatore/',
  ]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
});

test('the landing page offers the number, click-to-chat, QR code and a contact card', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Scrivi su WhatsApp' })).toHaveAttribute('href', /^https:\/\/wa\.me\/\d+\?text=Iscrivimi/);
  await expect(page.getByRole('img', { name: /QR/i }).first()).toBeVisible();
  const vcf = await request.get('/contatto.vcf');
  expect(vcf.headers()['content-type']).toContain('text/vcard');
  expect(await vcf.text()).toMatch(/BEGIN:VCARD[\s\S]*TEL;TYPE=CELL[^\n]*\+39/);
});

test('scripts run under the CSP: the page hydrates and ALTCHA solves its challenge in a worker', async ({ page }) => {
  const response = await page.goto('/iscriviti');
  const csp = response?.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toContain("'unsafe-inline' 'nonce"); // inline scripts only with the nonce
  // Next.js put this response's nonce on its inline scripts (the browser hides it from attributes).
  expect(await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce))).toContain(nonce);
  // The widget is rendered only by client code after a dynamic import; its proof-of-work runs in
  // blob: workers, and its payload lands in its hidden input.
  await expect(page.locator('altcha-widget')).toBeAttached({ timeout: 20_000 });
  const state = () => page.locator('altcha-widget').evaluate((w) => String((w as unknown as { getState(): unknown }).getState()));
  await expect.poll(state, { timeout: 30_000 }).toBe('verified');
  expect((await page.locator('input[name="altcha"]').inputValue()).length).toBeGreaterThan(20);
});

test('the pages may be framed by the origins the comune allows in its settings, and by no one else', async ({ request }) => {
  const frameAncestors = async (path: string) =>
    /(?:^|;)\s*frame-ancestors ([^;]*)/.exec((await request.get(path)).headers()['content-security-policy'] ?? '')?.[1]?.trim();
  expect(await frameAncestors('/iscriviti')).toBe("'self'");
  expect(await frameAncestors('/accedi')).toBe("'none'");
  await withDb((db) =>
    db.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ('allowedFrameOrigins', '["https://www.comune.conegliano.tv.it"]', now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    ),
  );
  try {
    // Settings are cached for a few seconds in each process.
    await expect.poll(() => frameAncestors('/iscriviti'), { timeout: 10_000 }).toBe("'self' https://www.comune.conegliano.tv.it");
    expect(await frameAncestors('/avvisi')).toBe("'self' https://www.comune.conegliano.tv.it");
    // Never the staff pages: no clickjacking of the dashboard or the login.
    for (const path of ['/accedi', '/dashboard']) {
      const r = await request.get(path, { maxRedirects: 0 });
      expect(/frame-ancestors ([^;]*)/.exec(r.headers()['content-security-policy'] ?? '')?.[1]?.trim(), path).toBe("'none'");
      expect(r.headers()['x-frame-options'], path).toBe('DENY');
    }
  } finally {
    await withDb((db) => db.query(`DELETE FROM settings WHERE key = 'allowedFrameOrigins'`));
  }
});
