import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { demoLogin, remember, simulator, uniqueNumber } from './support/service';
import {
  anonymousRequest,
  cli,
  createApiKeyViaCli,
  ensureLaunchedViaCli,
  readSetting,
  relaxMandatoryTotp,
  settingsCacheExpiry,
  signedInRequest,
  waitForApprovedAlertTemplate,
} from './support/staff-http';

/**
 * The REST API for the comune's other systems, over real HTTP against the running service: a key
 * made with the CLI, alerts created as drafts, scheduled and sent (the simulated phones receive
 * them), their delivery counts, the statistics, and the JSON errors with their stable codes.
 *
 * Launch state: the journeys share one service, so this spec does not assume an order. The
 * "not launched" answer is checked first — when another journey already launched the service,
 * launchedAt is cleared for that one step and put back right after; otherwise the service is then
 * launched with `npm run cli -- service:launch --no-welcome`.
 */
let api: APIRequestContext;
let auth: Record<string, string>;
/** A second key for polling, so the first stays far from its 60 requests a minute. */
let pollAuth: Record<string, string>;

test.beforeAll(async () => {
  auth = { authorization: `Bearer ${await createApiKeyViaCli('Gestionale e2e')}` };
  pollAuth = { authorization: `Bearer ${await createApiKeyViaCli('Monitoraggio e2e')}` };
  api = await anonymousRequest();
});
test.afterAll(async () => api.dispose());

const postAlert = (data: unknown, headers: Record<string, string> = {}) => api.post('/api/v1/alerts', { data, headers: { ...auth, ...headers } });

const alert = (over: Record<string, unknown> = {}) => ({
  title: 'Via Roma chiusa',
  body: 'Questa sera dalle 20 alle 24 Via Roma è chiusa per lavori. Deviazione per Viale Italia.',
  urgency: 'normal',
  topics: ['viabilita'],
  ...over,
});

test.describe('API keys page', () => {
  test('an admin creates a key (shown once), the key works, and revoking it stops it at once', async ({ browser }) => {
    const restoreTotp = await relaxMandatoryTotp();
    try {
      const admin = await signedInRequest(demoLogin());
      const context = await browser.newContext({ storageState: await admin.storageState() });
      await admin.dispose();
      const page = await context.newPage();
      await page.goto('/dashboard/chiavi-api');
      await expect(page.getByRole('heading', { level: 1, name: 'Chiavi API' })).toBeVisible();
      await expectNoAxeViolations(page);

      const name = `Protezione civile ${Date.now()}`;
      await page.getByLabel('Nome', { exact: true }).fill(name);
      // Draft-only unless more is chosen: this key also reads the statistics.
      await expect(page.getByRole('checkbox', { name: /alerts:draft/ })).toBeChecked();
      await expect(page.getByRole('checkbox', { name: /stats:read/ })).not.toBeChecked();
      await page.locator('label[for="f-scope-stats:read"]').click();
      await expect(page.getByRole('checkbox', { name: /stats:read/ })).toBeChecked();
      await page.getByRole('button', { name: 'Crea la chiave' }).click();
      const shown = page.getByTestId('new-api-key');
      await expect(shown).toHaveText(/^bnd_[0-9a-f]{12}_[0-9a-f]{64}$/);
      const newKey = (await shown.innerText()).trim();
      await expectNoAxeViolations(page);

      const withKey = { authorization: `Bearer ${newKey}` };
      expect((await api.get('/api/v1/stats?days=1', { headers: withKey })).status()).toBe(200);

      await page.reload();
      await expect(page.getByTestId('new-api-key')).toHaveCount(0);
      expect(await page.content()).not.toContain(newKey);
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
      await expect(row).toContainText(`${newKey.split('_').slice(0, 2).join('_')}_…`);
      await expect(row).toContainText('Attiva');
      await row.getByText('Revoca…').click();
      await row.getByRole('button', { name: `Revoca «${name}»` }).click();
      await expect(page.getByText(`Chiave «${name}» revocata`)).toBeVisible();
      await expect(row).toContainText('Revocata il');

      const refused = await api.get('/api/v1/stats?days=1', { headers: withKey });
      expect(refused.status()).toBe(401);
      expect((await refused.json()).error.details.reason).toBe('revoked');
      await context.close();
    } finally {
      await restoreTotp();
    }
  });
});

test.describe('REST API', () => {
  test('before the launch, sending or scheduling is refused with 409 not_launched and a clear message', async () => {
    await waitForApprovedAlertTemplate();
    const launchedBefore = await readSetting('launchedAt');
    if (typeof launchedBefore === 'string') {
      await cli('settings:set', 'launchedAt', 'null');
      await settingsCacheExpiry();
    }
    try {
      const send = await postAlert(alert({ urgency: 'urgent', urgentReason: 'Frana', send: true }));
      expect(send.status()).toBe(409);
      const body = await send.json();
      expect(body.error.code).toBe('not_launched');
      expect(body.error.message).toContain('has not been launched yet');
      expect(body.error.message).toContain('service:launch');
      const schedule = await postAlert(alert({ scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }));
      expect(schedule.status()).toBe(409);
      expect((await schedule.json()).error.code).toBe('not_launched');
      // A draft needs no launch.
      expect((await postAlert(alert())).status()).toBe(201);
    } finally {
      if (typeof launchedBefore === 'string') await cli('settings:set', 'launchedAt', launchedBefore);
      else await cli('service:launch', '--no-welcome');
      await settingsCacheExpiry();
    }
  });

  test('creates a draft, a scheduled alert and an alert sent now; the subscribers receive it', async ({ request }) => {
    await waitForApprovedAlertTemplate();
    await ensureLaunchedViaCli();
    const phones = [uniqueNumber(), uniqueNumber()];
    const names = [
      ['Carlotta', 'Bianchessi'],
      ['Pierpaolo', 'Verdicchio'],
    ];
    for (const [i, digits] of phones.entries()) {
      const [first, last] = names[i]!;
      remember(first!, last!);
      await simulator.send(request, digits, `Iscrivimi ${first} ${last}`, first);
      await simulator.repliesFor(request, digits, 1);
    }

    const draft = await postAlert(alert({ title: 'Bozza dal gestionale' }));
    expect(draft.status()).toBe(201);
    const d = await draft.json();
    expect(d).toMatchObject({ id: expect.any(String), status: 'draft', releaseAt: null });
    expect(d.recipients).toBeGreaterThanOrEqual(2);
    expect(draft.headers()['location']).toBe(`/api/v1/alerts/${d.id}`);

    const at = new Date(Date.now() + 2 * 86_400_000);
    const scheduled = await postAlert(alert({ title: 'Programmato dal gestionale', scheduledAt: at.toISOString() }));
    expect(scheduled.status()).toBe(201);
    const s = await scheduled.json();
    expect(s.status).toBe('scheduled');
    expect(new Date(s.releaseAt).getTime()).toBeGreaterThanOrEqual(at.getTime() - 1000);

    // Urgent: not held by the quiet hours, whatever the time of the run.
    const text = `Allagamento in Via Manin ${Date.now()}: strada chiusa fino a domani.`;
    const sent = await postAlert(alert({ title: 'Via Manin chiusa', body: text, urgency: 'urgent', urgentReason: 'Allagamento', send: true }));
    expect(sent.status()).toBe(201);
    const a = await sent.json();
    expect(a).toMatchObject({ status: 'sending', heldForQuietHours: false });
    expect(a.recipients).toBeGreaterThanOrEqual(2);

    for (const digits of phones) {
      await expect
        .poll(async () => (await simulator.messages(request, digits)).some((m) => m.from === 'comune' && (m.text ?? '').includes(text)), { timeout: 30_000 })
        .toBe(true);
    }

    // Done, and the simulator's "delivered" statuses for our two phones have come back.
    const current = async () => (await api.get(`/api/v1/alerts/${a.id}`, { headers: pollAuth })).json();
    await expect
      .poll(
        async () => {
          const s = await current();
          return s.done && s.deliveries.delivered + s.deliveries.read >= 2;
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(true);
    const status = await current();
    expect(status).toMatchObject({ id: a.id, title: 'Via Manin chiusa', urgency: 'urgent', topics: ['viabilita'], percentDone: 100 });
    expect(['sending', 'sent']).toContain(status.status);
    const c = status.deliveries;
    expect(c.total).toBe(a.recipients);
    expect(c.sent + c.delivered + c.read + c.failed + c.skipped).toBe(c.total);

    const draftStatus = await (await api.get(`/api/v1/alerts/${d.id}`, { headers: auth })).json();
    expect(draftStatus).toMatchObject({ status: 'draft', deliveries: { total: 0 } });
  });

  test('GET /api/v1/stats gives subscribers by status and opt-ins/opt-outs per day', async () => {
    const r = await api.get('/api/v1/stats?days=7', { headers: auth });
    expect(r.status()).toBe(200);
    const body = await r.json();
    expect(body.days).toHaveLength(7);
    expect(body.active).toBeGreaterThanOrEqual(0);
    expect(body.days[6].date).toBe(body.to);
    for (const k of ['active', 'pending', 'unsubscribed']) expect(Number.isInteger(body[k])).toBe(true);
    const ranged = await (await api.get(`/api/v1/stats?from=${body.days[0].date}&to=${body.to}`, { headers: auth })).json();
    expect(ranged.days).toEqual(body.days);
    const bad = await api.get('/api/v1/stats?from=2026-13-01', { headers: auth });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.details.fields[0].path).toBe('from');
  });

  test('answers errors as JSON with stable codes and the JSON path of each wrong field', async () => {
    // A Buffer goes out byte for byte (a string with a JSON content type would be encoded again).
    const malformed = await api.post('/api/v1/alerts', { data: Buffer.from('{"title": "x",'), headers: { ...auth, 'content-type': 'application/json' } });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe('malformed_json');

    const wrongType = await api.post('/api/v1/alerts', {
      data: Buffer.from('title=x'),
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status()).toBe(415);
    expect((await wrongType.json()).error.code).toBe('unsupported_media_type');

    const tooBig = await postAlert(alert({ body: 'x'.repeat(65 * 1024) }));
    expect(tooBig.status()).toBe(413);
    expect((await tooBig.json()).error.code).toBe('payload_too_large');

    const invalid = await postAlert({ title: '', body: 'Testo', urgency: 'subito', topics: ['viabilita', 'Non Valido'] });
    expect(invalid.status()).toBe(422);
    const e = (await invalid.json()).error;
    expect(e.code).toBe('invalid_input');
    expect(e.details.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['title', 'urgency', 'topics[1]']));

    const unknownTopic = await postAlert(alert({ topics: ['parcheggi-inesistenti'] }));
    expect(unknownTopic.status()).toBe(422);
    expect((await unknownTopic.json()).error.details.fields).toEqual([{ path: 'topics', message: expect.stringContaining('parcheggi-inesistenti') }]);

    const noReason = await postAlert(alert({ urgency: 'urgent', send: true }));
    expect(noReason.status()).toBe(422);
    expect((await noReason.json()).error.details.fields).toEqual([{ path: 'urgentReason', message: expect.any(String) }]);

    const typo = await postAlert(alert({ sendNow: true }));
    expect((await typo.json()).error.details.fields[0].path).toBe('sendNow');

    const missing = await api.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000', { headers: auth });
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');

    const noKey = await api.get('/api/v1/stats');
    expect(noKey.status()).toBe(401);
    expect(noKey.headers()['www-authenticate']).toContain('Bearer');
    expect(await noKey.json()).toMatchObject({ error: { code: 'unauthenticated', details: { reason: 'missing' } } });

    const unknownPath = await api.get('/api/v1/nothing-here', { headers: auth });
    expect(unknownPath.status()).toBe(404);
    expect((await unknownPath.json()).error.code).toBe('not_found');
  });

  test('an Idempotency-Key makes a retried POST harmless', async () => {
    await ensureLaunchedViaCli();
    const body = alert({ title: 'Una volta sola', publicArchive: false });
    const idem = { 'idempotency-key': `e2e-${Date.now()}` };
    const first = await postAlert(body, idem);
    const again = await postAlert(body, idem);
    expect(first.status()).toBe(201);
    expect(again.status()).toBe(201);
    expect(again.headers()['idempotent-replayed']).toBe('true');
    expect((await again.json()).id).toBe((await first.json()).id);
    const other = await postAlert({ ...body, title: 'Un altro' }, idem);
    expect(other.status()).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
  });

  test('serves its OpenAPI 3.1 description without a key', async () => {
    const r = await api.get('/api/v1/openapi.json');
    expect(r.status()).toBe(200);
    const doc = await r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/alerts', '/api/v1/alerts/{id}', '/api/v1/stats']));
    expect(doc.servers[0].url).toMatch(/^http:\/\/localhost:\d+$/);
  });
});
