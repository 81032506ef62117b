import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusDedupeKey } from '../privacy/wamid';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, statusUpdate, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { receiveWebhook } from './receive-webhook';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
});
afterAll(async () => ctx.close());

const signed = (ids: string[]) => {
  const raw = Buffer.from(metaJson(webhookPayload({ statuses: ids.map((id) => statusUpdate('delivered', { id })) })));
  return { raw, sig: signPayload(raw, ctx.whatsapp.appSecret) };
};

describe('group commit of webhook events', () => {
  it('stores every event of 300 concurrent POSTs exactly once, duplicates across POSTs included', async () => {
    const posts = Array.from({ length: 300 }, (_, i) => signed([`wamid.G${i}`, `wamid.G${(i + 1) % 300}`]));
    const results = await Promise.all(posts.map((p) => receiveWebhook(ctx, p.raw, p.sig)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = results.reduce((n, r) => n + (r.status === 200 ? r.stored : 0), 0);
    const duplicates = results.reduce((n, r) => n + (r.status === 200 ? r.duplicates : 0), 0);
    expect(stored).toBe(300);
    expect(duplicates).toBe(300);
    const keys = Array.from({ length: 300 }, (_, i) => statusDedupeKey(ctx.cipher, `wamid.G${i}`, 'delivered'));
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: { in: keys } } })).toBe(300);
    // The wamid holds the number: the stored key holds only its keyed HMAC.
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: { contains: 'wamid.' } } })).toBe(0);
  });

  it('answers 503 to every waiting POST when the database refuses the batch, and stores nothing', async () => {
    await ctx.pool.query(
      `ALTER TABLE inbound_events ADD CONSTRAINT reject_all CHECK (dedupe_key NOT IN ('${statusDedupeKey(ctx.cipher, 'wamid.X1', 'delivered')}', '${statusDedupeKey(ctx.cipher, 'wamid.X2', 'delivered')}')) NOT VALID`,
    );
    try {
      const results = await Promise.all([signed(['wamid.X1']), signed(['wamid.X2'])].map((p) => receiveWebhook(ctx, p.raw, p.sig)));
      expect(results).toEqual([
        { status: 503, error: 'storage_unavailable' },
        { status: 503, error: 'storage_unavailable' },
      ]);
    } finally {
      await ctx.pool.query('ALTER TABLE inbound_events DROP CONSTRAINT reject_all');
    }
    expect(
      await ctx.db.inboundEvent.count({ where: { dedupeKey: { in: ['wamid.X1', 'wamid.X2'].map((w) => statusDedupeKey(ctx.cipher, w, 'delivered')) } } }),
    ).toBe(0);
  });
});
