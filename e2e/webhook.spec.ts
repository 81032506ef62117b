import { expect, test } from '@playwright/test';
import { metaJson, textMessage, webhookPayload } from '../lib/whatsapp/fixtures';
import { PHONE_NUMBER_ID, postWebhook, remember, secrets, simulator, uniqueNumber, withDb } from './support/service';

/** The webhook over real HTTP, with Meta's payload shapes and signatures. */
test.describe('WhatsApp webhook', () => {
  test('answers the verification handshake only with the right token', async ({ request }) => {
    const token = secrets().WHATSAPP_VERIFY_TOKEN!;
    const ok = await request.get(`/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await request.get('/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1');
    expect(bad.status()).toBe(403);
  });

  test('refuses missing and wrong signatures with 401 and no effect', async ({ request }) => {
    const from = uniqueNumber();
    const body = metaJson(webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [textMessage('Iscrivimi Mario Rossi', { from })] }));
    expect((await postWebhook(request, body, null)).status()).toBe(401);
    expect((await postWebhook(request, body, 'sha256=' + '0'.repeat(64))).status()).toBe(401);
    expect((await postWebhook(request, body, 'sha1=abc')).status()).toBe(401);
    const rows = await withDb((db) => db.query(`SELECT 1 FROM inbound_events WHERE dedupe_key LIKE 'msg:%' AND payload_enc IS NOT NULL`));
    expect(rows.rowCount).toBe(0);
    expect(await simulator.messages(request, from)).toEqual([]);
  });

  test('answers 400 to malformed JSON and 413 to a body over 3 MB, and keeps serving', async ({ request }) => {
    expect((await postWebhook(request, '{"object":"whatsapp_business_account","entry":[')).status()).toBe(400);
    expect((await postWebhook(request, Buffer.alloc(3 * 1024 * 1024 + 10, 0x20))).status()).toBe(413);
    expect((await request.get('/api/health')).status()).toBe(200);
  });

  test('a payload replayed three times and an accented body give one subscription and one reply', async ({ request }) => {
    const from = uniqueNumber();
    remember('Niccolò', "Dell'Acqua", 'Dell’Acqua');
    const body = metaJson(webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [textMessage('Iscrivimi Niccolò Dell’Acqua', { from })] }));
    expect(body).toContain('Niccol\\u00f2');
    for (let i = 0; i < 3; i++) expect((await postWebhook(request, body)).status()).toBe(200);
    const replies = await simulator.repliesFor(request, from, 1);
    expect(replies[0]).toContain('Ciao Niccolò');
    await test.step('no second reply arrives', async () => {
      await new Promise((r) => setTimeout(r, 1500));
      expect((await simulator.messages(request, from)).filter((m) => m.from === 'comune')).toHaveLength(1);
    });
  });

  test('every message of a batched POST is handled', async ({ request }) => {
    const a = uniqueNumber();
    const b = uniqueNumber();
    const body = metaJson(
      webhookPayload({
        entries: [
          { changes: [{ phoneNumberId: PHONE_NUMBER_ID, messages: [textMessage('aiuto', { from: a, userId: `IT.${a}` })] }] },
          { changes: [{ phoneNumberId: PHONE_NUMBER_ID, messages: [textMessage('Iscrivimi Anna De Luca', { from: b, userId: `IT.${b}` })] }] },
        ],
      }),
    );
    expect((await postWebhook(request, body)).status()).toBe(200);
    expect((await simulator.repliesFor(request, a, 1))[0]).toContain('Comandi');
    expect((await simulator.repliesFor(request, b, 1))[0]).toContain('Ciao Anna');
  });
});
