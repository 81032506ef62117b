import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { logInAsAdmin, subscribeByPhone } from './support/dashboard';
import { simulator, simulatorHeaders, uniqueNumber, withDb } from './support/service';

/**
 * An admin manages the topics from /dashboard/argomenti: creates one (the form checks it first),
 * renames it, moves it up, retires it with a confirmation and reactivates it. The public form and
 * the chat list follow: a citizen picks the new topic in chat, and is told when it is retired.
 */

const activeSlugs = () =>
  withDb(async (db) => (await db.query<{ slug: string }>(`SELECT slug FROM topics WHERE active ORDER BY position, name`)).rows.map((r) => r.slug));

/** "Argomenti" from the phone; returns the row ids of the list and the text above it. */
async function topicsListOnPhone(request: APIRequestContext, digits: string): Promise<{ id: string; body: string; rows: string[] }> {
  const before = (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').length;
  await simulator.send(request, digits, 'Argomenti');
  await simulator.repliesFor(request, digits, before + 1);
  const r = await request.get(`/simulatore/api/phones/${digits}/messages`, { headers: simulatorHeaders() });
  const all = ((await r.json()) as { data: { id: string; from: string; text?: string; list?: { sections: { rows: { id: string }[] }[] } }[] }).data;
  const last = all.filter((m) => m.from === 'comune').at(-1)!;
  return { id: last.id, body: last.text ?? '', rows: (last.list?.sections ?? []).flatMap((s) => s.rows.map((row) => row.id)) };
}

const topicCard = (page: Page, name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`\\d+\\. ${name}`) }) });

test('an admin creates, renames, orders, retires and reactivates a topic; the form and the chat follow', async ({ page, request }) => {
  test.setTimeout(120_000);
  // Subscribed before the topic exists: they follow every topic but the new one.
  const digits = uniqueNumber();
  await subscribeByPhone(request, digits, 'Clotilde', 'Solighetto');
  await logInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Menu dell’area redazione' }).getByRole('link', { name: 'Argomenti' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Argomenti' })).toBeVisible();

  // Checked in the browser with the use case's schema, then created at the end.
  const create = page.getByRole('form', { name: 'Nuovo argomento' });
  await create.getByLabel('Nome').fill('S');
  await create.getByRole('button', { name: 'Crea l’argomento' }).click();
  await expect(create.getByText('Il nome deve avere almeno 2 caratteri.')).toBeVisible();
  await create.getByLabel('Nome').fill('Scuole e servizi educativi');
  await create.getByLabel('Descrizione (facoltativa)').fill('Chiusure, orari e iscrizioni');
  await create.getByRole('button', { name: 'Crea l’argomento' }).click();
  await expect(create.getByText(/Argomento «Scuole e servizi educativi» creato \(identificativo scuole-e-servizi-educativi\)/)).toBeVisible();
  await expect(create.getByLabel('Nome')).toHaveValue('');
  const slug = 'scuole-e-servizi-educativi';
  expect((await activeSlugs()).at(-1)).toBe(slug);

  // A second one with the same name is refused by the server, in Italian, on the field.
  await create.getByLabel('Nome').fill('Scuole e servizi educativi!');
  await create.getByRole('button', { name: 'Crea l’argomento' }).click();
  await expect(create.getByText(/Esiste già l’argomento «Scuole e servizi educativi»/).first()).toBeVisible();

  // Renamed: the slug stays.
  let card = topicCard(page, 'Scuole e servizi educativi');
  await card.getByText('Modifica nome e descrizione').click();
  await card.getByLabel('Nome').fill('Scuole');
  await card.getByRole('button', { name: 'Salva' }).click();
  await expect(page.getByText('Argomento «Scuole» salvato.')).toBeVisible();
  card = topicCard(page, 'Scuole');
  await expect(card).toContainText(`Identificativo ${slug}`);

  // One step up.
  const before = await activeSlugs();
  await card.getByRole('button', { name: 'Sposta su «Scuole»' }).click();
  await expect.poll(activeSlugs).toEqual([...before.slice(0, -2), slug, before.at(-2)!]);
  const order = await activeSlugs();

  // The public form offers the active topics in this order.
  const visitor = await page.context().browser()!.newPage();
  await visitor.goto('/iscriviti');
  const offered = visitor.getByRole('group', { name: 'Argomenti' }).locator('input[name="topics"]');
  await expect(offered).toHaveCount(order.length);
  expect(await offered.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(order);

  // The citizen, subscribed before the topic existed, picks it in chat.
  const list = await topicsListOnPhone(request, digits);
  expect(list.rows.slice(0, order.length)).toEqual(order.map((s) => `topic:${s}`));
  const sent = (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').length;
  const reply = await request.post(`/simulatore/api/phones/${digits}/messages`, {
    data: { type: 'list_reply', id: `topic:${slug}`, title: 'Scuole', contextId: list.id },
    headers: simulatorHeaders(),
  });
  expect(reply.ok()).toBe(true);
  expect((await simulator.repliesFor(request, digits, sent + 1)).at(-1)).toMatch(/Ora ricevi avvisi su.*Scuole/s);

  // Retired, after a confirmation that says the followers will be told.
  await page.reload();
  card = topicCard(page, 'Scuole');
  await card.getByText(/^Ritira/).click();
  await expect(card).toContainText('sarà informato');
  await card.getByRole('button', { name: 'Sì, ritira «Scuole»' }).click();
  await expect(page.getByText(/Argomento ritirato\. Iscritti che lo seguivano: 1;/)).toBeVisible();
  await expect(topicCard(page, 'Scuole')).toContainText('(ritirato)');
  expect(await activeSlugs()).not.toContain(slug);
  await visitor.reload();
  await expect(offered).toHaveCount(order.length - 1);

  // The citizen is told at the next "Argomenti", and the topic is no longer offered.
  const after = await topicsListOnPhone(request, digits);
  expect(after.body).toContain('Non è più disponibile: «Scuole».');
  expect(after.rows).not.toContain(`topic:${slug}`);

  // Reactivated: back in its place, for the citizen too.
  await topicCard(page, 'Scuole').getByRole('button', { name: 'Riattiva «Scuole»' }).click();
  await expect(page.getByText('Argomento riattivato: chi lo seguiva prima lo segue di nuovo.')).toBeVisible();
  expect(await activeSlugs()).toEqual(order);
  await visitor.close();

  // Audited, with Italian labels.
  await page.goto('/dashboard/registro');
  for (const label of ['Argomento creato', 'Argomento modificato', 'Ordine degli argomenti cambiato', 'Argomento ritirato', 'Argomento riattivato']) {
    await expect(page.getByRole('cell', { name: label }).first()).toBeVisible();
  }
});
