import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataCipher } from '../privacy/crypto';
import { messageDedupeKey } from '../privacy/wamid';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, textMessage, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { describeFailure, MAX_ATTEMPTS, processInboundBatch } from './process-events';
import { receiveWebhook } from './receive-webhook';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
});
afterAll(async () => ctx.close());
beforeEach(async () => {
  await setSetting(ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');
});

async function post(payload: Json) {
  const raw = Buffer.from(metaJson(payload));
  const r = await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret));
  expect(r.status).toBe(200);
}
const subscriber = (digits: string) => ctx.db.subscriber.findUnique({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) } });
const poisonKey = () => messageDedupeKey(ctx.cipher, 'wamid.POISON1');
const drain = async () => {
  while ((await processInboundBatch(ctx)) > 0);
};

describe('a poisoned inbound event', () => {
  it(`is parked after ${MAX_ATTEMPTS} tries while the other events of its batch, an opt-out included, are processed`, async () => {
    const leaving = '393330000101';
    const joining = '393330000102';
    const poisoned = '393330000103';
    await post(webhookPayload({ messages: [textMessage('Iscrivimi Mario Rossi', { from: leaving })] }));
    await drain();
    expect(await subscriber(leaving)).toMatchObject({ status: 'ACTIVE' });

    const bad = textMessage('Iscrivimi Anna Bianchi', { from: poisoned, id: 'wamid.POISON1' });
    await post(
      webhookPayload({
        messages: [bad, textMessage('Cancellami', { from: leaving }), textMessage('Iscrivimi Luca Verdi', { from: joining })],
      }),
    );
    // Written by a worker with another data key: no key here can ever decode it.
    const other = createDataCipher(randomBytes(32));
    const updated = await ctx.pool.query(`UPDATE inbound_events SET payload_enc = $1 WHERE dedupe_key = $2`, [
      other.encrypt(JSON.stringify({ kind: 'message' })),
      poisonKey(),
    ]);
    expect(updated.rowCount).toBe(1);

    expect(await ctx.db.inboundEvent.count({ where: { processedAt: null } })).toBe(3);
    // One batch holds all three; only the poisoned one stays behind.
    expect(await processInboundBatch(ctx)).toBe(3);
    expect(await subscriber(leaving)).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null });
    expect(await subscriber(joining)).toMatchObject({ status: 'ACTIVE' });
    expect(await subscriber(poisoned)).toBeNull();
    const left = await ctx.db.inboundEvent.findMany({ where: { processedAt: null } });
    expect(left).toMatchObject([{ dedupeKey: poisonKey(), attempts: 1, parkedAt: null }]);
    expect(left[0]!.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(left[0]!.lastError).toMatch(/^Error.*/);

    // Backoff respected: nothing to claim until it is due.
    expect(await processInboundBatch(ctx)).toBe(0);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      await ctx.pool.query(`UPDATE inbound_events SET available_at = now() - interval '1 second' WHERE dedupe_key = $1`, [poisonKey()]);
      expect(await processInboundBatch(ctx)).toBe(1);
    }
    const parked = await ctx.db.inboundEvent.findUniqueOrThrow({ where: { dedupeKey: poisonKey() } });
    expect(parked).toMatchObject({ attempts: MAX_ATTEMPTS, processedAt: null });
    expect(parked.parkedAt).not.toBeNull();
    expect(parked.payloadEnc).not.toBeNull();
    expect(parked.lastError).not.toMatch(/\d{6,}|Anna|Bianchi/);

    // Parked means never claimed again, even when due, and it does not hold back new events.
    await ctx.pool.query(`UPDATE inbound_events SET available_at = now() - interval '1 second' WHERE dedupe_key = $1`, [poisonKey()]);
    await post(webhookPayload({ messages: [textMessage('stop', { from: joining })] }));
    expect(await processInboundBatch(ctx)).toBe(1);
    expect(await processInboundBatch(ctx)).toBe(0);
    expect(await subscriber(joining)).toMatchObject({ status: 'UNSUBSCRIBED' });
    expect((await ctx.db.inboundEvent.findUniqueOrThrow({ where: { dedupeKey: poisonKey() } })).attempts).toBe(MAX_ATTEMPTS);
  });

  it('keeps neither phone numbers nor multi-line detail in last_error', () => {
    const e = Object.assign(new Error('no subscriber for +393331234567\nArgs: { name: "Anna" }'), { code: 'P2025' });
    expect(describeFailure(e)).toBe('Error P2025: no subscriber for <digits>');
    expect(describeFailure('boom')).toBe('non-error thrown');
  });
});
