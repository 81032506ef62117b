import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { logInAsAdmin, subscribeByPhone } from './support/dashboard';
import { simulator, simulatorHeaders, uniqueNumber, withDb } from './support/service';

/**
 * An admin manages the zones from /dashboard/zone: creates a frazione, renames it, retires it
 * with a confirmation and reactivates it. The chat follows: a citizen finds the new zone in the
 * «Zone» list and chooses it. The zone is left retired at the end (other specs share the server).
 */

const SLUG = 'borgo-di-prova';

const zoneRow = (slug: string) =>
  withDb(
    async (db) => (await db.query<{ name: string; kind: string; active: boolean }>(`SELECT name, kind, active FROM zones WHERE slug = $1`, [slug])).rows[0],
  );

interface ListMessage {
  id: string;
  from: string;
  text?: string;
  list?: { sections: { rows: { id: string; title: string; description?: string }[] }[] };
}

async function lastFromComune(request: APIRequestContext, digits: string): Promise<ListMessage> {
  const r = await request.get(`/simulatore/api/phones/${digits}/messages`, { headers: simulatorHeaders() });
  return ((await r.json()) as { data: ListMessage[] }).data.filter((m) => m.from === 'comune').at(-1)!;
}

const comuneCount = async (request: APIRequestContext, digits: string) => (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').length;

/** Taps a row of the last list the comune sent; returns the comune's answer. */
async function tap(request: APIRequestContext, digits: string, list: ListMessage, id: string): Promise<ListMessage> {
  const before = await comuneCount(request, digits);
  const r = await request.post(`/simulatore/api/phones/${digits}/messages`, {
    data: { type: 'list_reply', id, title: id, contextId: list.id },
    headers: simulatorHeaders(),
  });
  expect(r.ok()).toBe(true);
  await simulator.repliesFor(request, digits, before + 1);
  return lastFromComune(request, digits);
}

/** "Zone" from the phone, following «Altre zone» to the end: every zone row offered, and the page holding `slug` (if any). */
async function zonesOnPhone(request: APIRequestContext, digits: string, slug: string) {
  const before = await comuneCount(request, digits);
  await simulator.send(request, digits, 'Zone');
  await simulator.repliesFor(request, digits, before + 1);
  let page = await lastFromComune(request, digits);
  const rows: { id: string; title: string; description?: string }[] = [];
  let holding: ListMessage | undefined;
  for (;;) {
    const here = (page.list?.sections ?? []).flatMap((s) => s.rows);
    rows.push(...here.filter((r) => r.id.startsWith('zone:')));
    if (here.some((r) => r.id === `zone:${slug}`)) holding = page;
    const next = here.find((r) => r.id.startsWith('zones:page:'));
    if (!next) break;
    page = await tap(request, digits, page, next.id);
  }
  return { rows, holding };
}

const zoneCard = (page: Page, name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`\\d+\\. ${name}`) }) });

test('an admin creates, renames, retires and reactivates a zone; the chat list follows', async ({ page, request }) => {
  test.setTimeout(150_000);
  // A leftover of an earlier run against the same database would make the name taken.
  await withDb((db) => db.query(`DELETE FROM zones WHERE slug = $1`, [SLUG]));
  const digits = uniqueNumber();
  await subscribeByPhone(request, digits, 'Gianmaria', 'Refrontolo');

  await logInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Menu dell’area redazione' }).getByRole('link', { name: 'Zone', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zone' })).toBeVisible();
  // The seeded example list asks to be checked.
  await expect(page.getByRole('heading', { name: 'Elenco di esempio: controllate i nomi prima di aprire il servizio' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Confermo l’elenco' })).toBeVisible();

  // Checked in the browser with the use case's schema, then created at the end.
  const create = page.getByRole('form', { name: 'Nuova zona' });
  await create.getByLabel('Nome', { exact: true }).fill('B');
  await create.getByRole('button', { name: 'Crea la zona' }).click();
  await expect(create.getByText('Il nome deve avere almeno 2 caratteri.')).toBeVisible();
  await create.getByLabel('Nome', { exact: true }).fill('Borgo di prova');
  await create.getByLabel('Tipo').selectOption('FRAZIONE');
  await create.getByLabel('Descrizione (facoltativa)').fill('Oltre il ponte sul Monticano');
  await create.getByRole('button', { name: 'Crea la zona' }).click();
  await expect(create.getByText(`Zona «Borgo di prova» creata (identificativo ${SLUG})`)).toBeVisible();
  await expect(create.getByLabel('Nome', { exact: true })).toHaveValue('');
  expect(await zoneRow(SLUG)).toEqual({ name: 'Borgo di prova', kind: 'FRAZIONE', active: true });
  let card = zoneCard(page, 'Borgo di prova');
  await expect(card).toContainText('Frazione · Oltre il ponte sul Monticano');

  // A second one with the same name is refused by the server, in Italian, on the field.
  await create.getByLabel('Nome', { exact: true }).fill('Borgo di Prova!');
  await create.getByRole('button', { name: 'Crea la zona' }).click();
  await expect(create.getByText(/Esiste già la zona «Borgo di prova»/).first()).toBeVisible();

  // The citizen finds it in the «Zone» list and chooses it.
  const offered = await zonesOnPhone(request, digits, SLUG);
  expect(offered.rows.find((r) => r.id === `zone:${SLUG}`)).toMatchObject({ title: 'Borgo di prova', description: expect.stringContaining('Frazione') });
  const chosen = await tap(request, digits, offered.holding!, `zone:${SLUG}`);
  expect(chosen.text).toContain('Zone scelte: Borgo di prova');

  // Renamed: the slug stays.
  await page.reload();
  card = zoneCard(page, 'Borgo di prova');
  await card.getByText('Modifica nome, tipo e descrizione').click();
  await card.getByLabel('Nome', { exact: true }).fill('Borgo di collina');
  await card.getByRole('button', { name: 'Salva' }).click();
  await expect(page.getByText('Zona «Borgo di collina» salvata.')).toBeVisible();
  card = zoneCard(page, 'Borgo di collina');
  await expect(card).toContainText(`Identificativo ${SLUG}`);
  await expect(card).toContainText('scelta da 1 iscritto');
  expect(await zoneRow(SLUG)).toEqual({ name: 'Borgo di collina', kind: 'FRAZIONE', active: true });

  // Retired, after a confirmation that says what happens to who chose it.
  await card.getByText(/^Ritira/).click();
  await expect(card).toContainText('riceverà gli avvisi di tutto il Comune');
  await card.getByRole('button', { name: 'Sì, ritira «Borgo di collina»' }).click();
  await expect(page.getByText(/Zona ritirata\. Iscritti che l’avevano scelta: 1\. Uno di loro/)).toBeVisible();
  await expect(zoneCard(page, 'Borgo di collina')).toContainText('(ritirata)');
  expect((await zoneRow(SLUG))?.active).toBe(false);
  expect((await zonesOnPhone(request, digits, SLUG)).holding).toBeUndefined();

  // Reactivated, then retired again to leave the shared list as it was.
  await zoneCard(page, 'Borgo di collina').getByRole('button', { name: 'Riattiva «Borgo di collina»' }).click();
  await expect(page.getByText('Zona riattivata: chi l’aveva scelta la ritrova tra le sue zone.')).toBeVisible();
  expect((await zoneRow(SLUG))?.active).toBe(true);
  card = zoneCard(page, 'Borgo di collina');
  await card.getByText(/^Ritira/).click();
  await card.getByRole('button', { name: 'Sì, ritira «Borgo di collina»' }).click();
  await expect(zoneCard(page, 'Borgo di collina')).toContainText('(ritirata)');
  expect((await zoneRow(SLUG))?.active).toBe(false);

  // Audited, with Italian labels.
  await page.goto('/dashboard/registro');
  for (const label of ['Zona creata', 'Zona modificata', 'Zona ritirata', 'Zona riattivata']) {
    await expect(page.getByRole('cell', { name: label }).first()).toBeVisible();
  }
});
