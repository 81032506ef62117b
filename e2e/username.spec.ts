import { expect, test } from '@playwright/test';
import { SIMULATOR_DEFAULTS } from '../lib/env';
import { waUserIdHmac } from '../lib/privacy/wa-user-id';
import { businessUserId } from '../lib/whatsapp/simulator/meta-json';
import { expectNoAxeViolations } from './support/axe';
import { SimulatedPhone } from './support/phone';
import { cipher, remember, uniqueNumber, withDb } from './support/service';
import { anonymousRequest, createApiKeyViaCli, ensureLaunchedViaCli, waitForApprovedAlertTemplate } from './support/staff-http';

/**
 * A citizen with a WhatsApp username who hides the number, on the simulated phone ("Nome utente,
 * senza numero"): Meta's webhooks then carry only the business-scoped user id (BSUID). They
 * subscribe, receive an alert (sent by `recipient`, there is no number to send to) and leave.
 */
test('a username-only citizen subscribes, receives an alert and leaves', async ({ page }) => {
  await waitForApprovedAlertTemplate();
  await ensureLaunchedViaCli();
  const digits = uniqueNumber();
  const bsuid = businessUserId(SIMULATOR_DEFAULTS.wabaId, digits);
  remember(bsuid, 'Ermenegilda', 'Scaramuzza');
  const row = () =>
    withDb(async (db) => (await db.query('SELECT * FROM subscribers WHERE wa_user_id_hmac = $1', [waUserIdHmac(cipher(), bsuid)])).rows[0] ?? null);

  const phone = new SimulatedPhone(page);
  await phone.open(digits, 'Gilda');
  await page.getByLabel('Nome utente, senza numero').check();
  await phone.send('Iscrivimi Ermenegilda Scaramuzza');
  expect(await phone.reply(1)).toContain('Ciao Ermenegilda');
  await expect.poll(async () => (await row())?.status).toBe('ACTIVE');
  // Known by the BSUID alone: the service never saw the number.
  expect(await row()).toMatchObject({ phone_hmac: null, phone_enc: null });
  await expectNoAxeViolations(page);

  const api = await anonymousRequest();
  const title = `Acqua sospesa ${Date.now()}`;
  const sent = await api.post('/api/v1/alerts', {
    headers: { authorization: `Bearer ${await createApiKeyViaCli('Username e2e')}` },
    data: { title, body: 'Domani dalle 8 alle 12 in via Garibaldi.', urgency: 'urgent', urgentReason: 'Guasto', topics: ['urgenze'], send: true },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  await api.dispose();
  expect(await phone.reply(2)).toContain(title);

  await phone.send('Cancellami');
  expect(await phone.reply(3)).toContain('non riceverai più messaggi');
  await expect.poll(async () => (await row())?.status).toBe('UNSUBSCRIBED');
  expect(await row()).toMatchObject({ wa_user_id_enc: null, first_name_enc: null, last_name_enc: null });
});
