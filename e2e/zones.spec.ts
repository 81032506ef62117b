import { expect, test, type APIRequestContext } from '@playwright/test';
import { logInAsAdmin } from './support/dashboard';
import { remember, simulator, simulatorHeaders, uniqueNumber } from './support/service';
import { anonymousRequest, createApiKeyViaCli, ensureLaunchedViaCli, waitForApprovedAlertTemplate } from './support/staff-http';

/**
 * Zones on the simulated phone: three citizens subscribe; one picks "Centro storico" in the list
 * that comes with the welcome, one picks "Scomigo", one picks nothing. An alert for the centro
 * reaches the first and the third, not the second. The composer shows the audience zone by zone.
 */

interface PhoneMessage {
  id: string;
  from: 'comune' | 'phone';
  text?: string;
  list?: { sections: { rows: { id: string; title: string }[] }[] };
}

async function comuneMessages(request: APIRequestContext, digits: string): Promise<PhoneMessage[]> {
  const r = await request.get(`/simulatore/api/phones/${digits}/messages`, { headers: simulatorHeaders() });
  return ((await r.json()) as { data: PhoneMessage[] }).data.filter((m) => m.from === 'comune');
}

/** "Iscrivimi …" from the phone; returns the welcome, which carries the zone list. */
async function subscribe(request: APIRequestContext, digits: string, first: string, last: string): Promise<PhoneMessage> {
  remember(first, last);
  await simulator.send(request, digits, `Iscrivimi ${first} ${last}`, first);
  await simulator.repliesFor(request, digits, 1);
  const welcome = (await comuneMessages(request, digits))[0]!;
  expect(welcome.text).toContain(`Ciao ${first}`);
  return welcome;
}

/** Taps a row of the list, as WhatsApp sends it (an interactive list_reply answering that message). */
async function pick(request: APIRequestContext, digits: string, list: PhoneMessage, rowTitle: string): Promise<string> {
  const rows = (list.list?.sections ?? []).flatMap((s) => s.rows);
  const row = rows.find((r) => r.title === rowTitle);
  expect(row, `row «${rowTitle}» among ${rows.map((r) => r.title).join(', ')}`).toBeDefined();
  const before = (await comuneMessages(request, digits)).length;
  const r = await request.post(`/simulatore/api/phones/${digits}/messages`, {
    data: { type: 'list_reply', id: row!.id, title: row!.title, contextId: list.id },
    headers: simulatorHeaders(),
  });
  expect(r.ok()).toBe(true);
  return (await simulator.repliesFor(request, digits, before + 1)).at(-1)!;
}

test('an alert for one zone reaches who chose it and who chose none, not who chose another zone', async ({ page, request }) => {
  test.setTimeout(120_000);
  await waitForApprovedAlertTemplate();
  await ensureLaunchedViaCli();

  const centro = uniqueNumber();
  const scomigo = uniqueNumber();
  const ovunque = uniqueNumber();
  const welcome = await subscribe(request, centro, 'Giovanna', 'Dal Col');
  expect(welcome.text).toContain('quartiere o la frazione');
  expect(await pick(request, centro, welcome, 'Centro storico')).toMatch(/Zone scelte: Centro storico/);

  // Scomigo is on the second page of the example list: "Altre zone" first.
  const other = await subscribe(request, scomigo, 'Gianfranco', 'Zanette');
  await pick(request, scomigo, other, 'Altre zone');
  const page2 = (await comuneMessages(request, scomigo)).at(-1)!;
  expect(await pick(request, scomigo, page2, 'Scomigo')).toMatch(/Zone scelte: Scomigo/);

  await subscribe(request, ovunque, 'Annamaria', 'Tomasella');

  // The composer: the chosen zone's audience, and who chose none.
  await logInAsAdmin(page);
  await page.goto('/dashboard/avvisi/nuovo');
  await page.locator('label[for="f-zone-centro"]').click();
  await expect(page.locator('#f-zone-centro')).toBeChecked();
  const figures = page.getByRole('list', { name: 'Iscritti per zona' });
  await expect(figures.getByText(/^Centro storico: \d+ person[ae] \(scelta\)$/)).toBeVisible();
  await expect(figures.getByText(/^Nessuna zona \(ricevono tutto\): \d+ person[ae]$/)).toBeVisible();

  const api = await anonymousRequest();
  const title = `Via XX Settembre chiusa ${Date.now()}`;
  const sent = await api.post('/api/v1/alerts', {
    headers: { authorization: `Bearer ${await createApiKeyViaCli('Zone e2e')}` },
    data: {
      title,
      body: 'Fino alle 18 per lavori sulla rete idrica.',
      urgency: 'urgent',
      urgentReason: 'Guasto',
      topics: ['urgenze'],
      zones: ['centro'],
      send: true,
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const { id } = (await sent.json()) as { id: string };

  await expect.poll(async () => (await simulator.repliesFor(request, centro, 3)).some((t) => t.includes(title)), { timeout: 30_000 }).toBe(true);
  await expect.poll(async () => (await simulator.repliesFor(request, ovunque, 2)).some((t) => t.includes(title)), { timeout: 30_000 }).toBe(true);
  // Once every delivery is settled, Scomigo has not had it.
  const key = await createApiKeyViaCli('Zone e2e lettura');
  await expect
    .poll(
      async () => {
        const r = await api.get(`/api/v1/alerts/${id}`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await r.json()) as { zones: string[] | null; done: boolean };
        expect(body.zones).toEqual(['centro']);
        return body.done;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expect((await comuneMessages(request, scomigo)).map((m) => m.text ?? '').some((t) => t.includes(title))).toBe(false);
  await api.dispose();
});
