import { expect, test } from '@playwright/test';
import { subscribeByPhone } from './support/dashboard';
import { expectNoAxeViolations } from './support/axe';
import { simulator, uniqueNumber, withDb } from './support/service';

/**
 * "Preferenze" on the simulated phone sends a personal link; the page (no login) changes topics
 * and zones once, confirms on WhatsApp, and then reveals nothing to whoever opens the link again.
 */
test('the preferences link changes topics and zones once, then opens nothing', async ({ page, request }) => {
  test.setTimeout(90_000);
  const digits = uniqueNumber();
  await subscribeByPhone(request, digits, 'Loredana', 'Zanardo');
  await simulator.send(request, digits, 'Preferenze', 'Loredana');
  const reply = (await simulator.repliesFor(request, digits, 2)).at(-1)!;
  const link = /https?:\/\/\S+\/preferenze\?t=\S+/.exec(reply)?.[0];
  expect(link, reply).toBeTruthy();

  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(page.getByRole('heading', { level: 1, name: 'Le tue preferenze' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Loredana');
  await expectNoAxeViolations(page);

  // Only "Viabilità" among the topics, and the centro as zone.
  const topics = page.getByRole('group', { name: 'Argomenti' }).getByRole('checkbox');
  const count = await topics.count();
  for (let i = 0; i < count; i++) {
    const box = topics.nth(i);
    const wanted = (await box.getAttribute('value')) === 'viabilita';
    if ((await box.isChecked()) !== wanted) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  }
  await page.locator('label[for="pref-zone-centro"]').click();
  await page.getByRole('button', { name: 'Salva le scelte' }).click();
  await expect(page.getByRole('heading', { name: 'Preferenze salvate' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Zone: Centro storico');
  await expectNoAxeViolations(page);
  expect((await simulator.repliesFor(request, digits, 3)).at(-1)).toMatch(/preferenze salvate.*Zone: Centro storico/s);

  const chosen = await withDb(
    async (db) =>
      (
        await db.query<{ topic: string | null; zone: string | null }>(
          `SELECT (SELECT string_agg(t.slug, ',') FROM subscriber_topics st JOIN topics t ON t.id = st.topic_id WHERE st.subscriber_id = s.id) AS topic,
                  (SELECT string_agg(z.slug, ',') FROM subscriber_zones sz JOIN zones z ON z.id = sz.zone_id WHERE sz.subscriber_id = s.id) AS zone
             FROM subscribers s JOIN preference_links l ON l.subscriber_id = s.id ORDER BY l.created_at DESC LIMIT 1`,
        )
      ).rows[0],
  );
  expect(chosen).toEqual({ topic: 'viabilita', zone: 'centro' });

  // Used: the same link now shows only that it no longer works.
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(page.getByRole('heading', { name: 'Questo link non vale più' })).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expectNoAxeViolations(page);
});
