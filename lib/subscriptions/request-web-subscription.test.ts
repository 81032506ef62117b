import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getConfirmationDetails } from './confirmation';
import { requestWebSubscription } from './request-web-subscription';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const valid = {
  firstName: 'Niccolò',
  lastName: "D'Annunzio",
  phone: '333 123 4567',
  topics: ['viabilita', 'urgenze'],
  privacyConsent: true,
};
const meta = { ip: '203.0.113.7' };

describe('requestWebSubscription', () => {
  it('creates a pending request with encrypted data and a token for the confirmation page', async () => {
    const r = await requestWebSubscription(ctx, valid, meta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = getConfirmationDetails(ctx, r.token);
    expect(d).not.toBeNull();
    expect(d!.text).toBe(`Iscrivimi Niccolò D'Annunzio ${d!.code}`);
    expect(d!.code).toMatch(/^\d{6}$/);
    expect(d!.waLink).toBe(`https://wa.me/393204321474?text=${encodeURIComponent(d!.text)}`);
    const row = await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac('+393331234567') } });
    expect(row.status).toBe('PENDING');
    expect(row.source).toBe('WEB');
    expect(row.confirmationCode).toBe(d!.code);
    expect(row.pendingTopicIds).toHaveLength(2);
    expect(ctx.cipher.decrypt(row.phoneEnc!)).toBe('+393331234567');
    expect(row.phoneEnc).not.toContain('3331234567');
    expect(ctx.cipher.decrypt(row.firstNameEnc!)).toBe('Niccolò');
    expect(row.pendingExpiresAt!.getTime() - ctx.now().getTime()).toBe(48 * 3600 * 1000);
  });

  it('returns Italian field errors for bad input and stores nothing', async () => {
    const before = await ctx.db.subscriber.count();
    const r = await requestWebSubscription(ctx, { ...valid, phone: '0438 123456', firstName: '', privacyConsent: false, topics: [] }, meta);
    expect(r).toEqual({
      ok: false,
      reason: 'invalid',
      fieldErrors: {
        firstName: 'Scrivi il tuo nome.',
        phone: expect.stringContaining('cellulare valido'),
        topics: 'Scegli almeno un argomento.',
        privacyConsent: 'Per iscriverti devi dichiarare di aver letto l’informativa privacy.',
      },
    });
    expect(await ctx.db.subscriber.count()).toBe(before);
  });

  it('answers the same for an active number and keeps it active', async () => {
    const phone = '+393339998877';
    await ctx.db.subscriber.create({ data: { phoneHmac: ctx.cipher.hmac(phone), status: 'ACTIVE', source: 'WHATSAPP' } });
    const r = await requestWebSubscription(ctx, { ...valid, phone }, { ip: '203.0.113.8' });
    expect(r.ok).toBe(true);
    const row = await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac(phone) } });
    expect(row.status).toBe('ACTIVE');
    expect(row.confirmationCode).toMatch(/^\d{6}$/);
  });

  it('stores nothing when the honeypot is filled, yet answers like a success', async () => {
    const before = await ctx.db.subscriber.count();
    const r = await requestWebSubscription(ctx, { ...valid, phone: '+393471112233', website: 'http://spam' }, { ip: '203.0.113.9' });
    expect(r.ok).toBe(true);
    expect(await ctx.db.subscriber.count()).toBe(before);
  });

  it('rate-limits one number to 5 requests a day', async () => {
    const phone = '+393480000001';
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await requestWebSubscription(ctx, { ...valid, phone }, { ip: `198.51.100.${i}` }));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, reason: 'rate_limited' });
  });

  it('rejects a tampered or expired token', () => {
    expect(getConfirmationDetails(ctx, 'v1.garbage')).toBeNull();
    const token = ctx.cipher.encrypt(JSON.stringify({ c: '123456', f: 'A', l: 'B', e: ctx.now().getTime() - 1 }));
    expect(getConfirmationDetails(ctx, token)).toBeNull();
  });
});
