import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateDelivery } from '../alerts/estimate-delivery';
import { approveTemplates, newTopic } from '../alerts/test-fixtures';
import { publishAlert } from '../delivery/testing/fixtures';
import { defaultSettings } from '../settings/defaults';
import { meteredServiceReplies, priceCategory, templateCharged, unitPrice } from '../settings/prices';
import { setSetting } from '../settings/store';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getMonthSpend } from './get-month-spend';

let ctx: TestContext;
let viewer: Awaited<ReturnType<typeof staffActor>>;
let editor: Awaited<ReturnType<typeof staffActor>>;
const P = defaultSettings.messagePrices;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-15T10:00:00Z');
  viewer = await staffActor(ctx, 'VIEWER');
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
});
afterAll(async () => ctx?.close());

describe('prices and Meta’s 2026 rules', () => {
  it('prices by category and country, falling back to the default country', () => {
    const p = { ...P, countries: { ...P.countries, DE: { MARKETING: 0.13, UTILITY: 0.05, AUTHENTICATION: 0.07, SERVICE: 0.05 } } };
    expect(unitPrice(p, 'MARKETING', 'DE')).toBe(0.13);
    expect(unitPrice(p, 'MARKETING', 'FR')).toBe(P.countries.IT!.MARKETING);
    expect(['marketing', 'marketing_lite', 'utility', 'authentication_international', 'service', 'x'].map(priceCategory)).toEqual([
      'MARKETING',
      'MARKETING',
      'UTILITY',
      'AUTHENTICATION',
      'SERVICE',
      null,
    ]);
  });

  it('charges utility inside the window from 1 October 2026, and service replies beyond 1,000 a month from then', () => {
    expect(templateCharged(P, 'UTILITY', { at: new Date('2026-09-30T12:00:00Z'), insideWindow: true })).toBe(false);
    expect(templateCharged(P, 'UTILITY', { at: new Date('2026-10-01T12:00:00Z'), insideWindow: true })).toBe(true);
    expect(templateCharged(P, 'MARKETING', { at: new Date('2026-09-30T12:00:00Z'), insideWindow: true })).toBe(true);
    expect(meteredServiceReplies(P, 1500, new Date('2026-09-01T00:00:00Z'))).toBe(0);
    expect(meteredServiceReplies(P, 1500, new Date('2026-10-01T00:00:00Z'))).toBe(500);
    expect(meteredServiceReplies(P, 900, new Date('2026-11-01T00:00:00Z'))).toBe(0);
  });
});

describe('the estimate before sending', () => {
  it('uses the category in force of the alert template', async () => {
    expect(await estimateDelivery(ctx, { actor: editor, recipients: 1000 })).toMatchObject({ costCategory: 'UTILITY', costEur: 30, pricesFrom: '2026-10-01' });
    await ctx.db.whatsAppTemplate.update({ where: { name_language: { name: 'avviso_comune', language: 'it' } }, data: { category: 'MARKETING' } });
    const e = await estimateDelivery(ctx, { actor: editor, recipients: 1000 });
    expect(e).toMatchObject({ costCategory: 'MARKETING', costEur: 69.1 });
    expect(e.costLabel).toContain('MARKETING');
    await ctx.db.whatsAppTemplate.update({ where: { name_language: { name: 'avviso_comune', language: 'it' } }, data: { category: 'UTILITY' } });
  });
});

describe('the month’s spend', () => {
  it('without Meta’s pricing data: delivered alerts by their category and replies beyond the free 1,000', async () => {
    const topic = await newTopic(ctx);
    await seedSubscribers(ctx, { count: 40, topicSlug: topic.slug });
    const a = await publishAlert(ctx, { topicIds: [topic.id] });
    const b = await publishAlert(ctx, { topicIds: [topic.id] });
    await ctx.pool.query(`UPDATE alerts SET template_category = CASE WHEN id = $1 THEN 'UTILITY' ELSE 'MARKETING' END WHERE id IN ($1, $2)`, [
      a.alertId,
      b.alertId,
    ]);
    await ctx.pool.query(`UPDATE deliveries SET status = 'DELIVERED', delivered_at = '2026-12-10T09:00:00Z' WHERE alert_id IN ($1, $2)`, [
      a.alertId,
      b.alertId,
    ]);
    // Last month's do not count.
    await ctx.pool.query(
      `UPDATE deliveries SET delivered_at = '2026-11-30T22:30:00Z' WHERE alert_id = $1 AND id IN (SELECT id FROM deliveries WHERE alert_id = $1 LIMIT 10)`,
      [b.alertId],
    );
    await ctx.pool.query(
      `INSERT INTO outbound_messages (idempotency_key, purpose, status, sent_at, updated_at)
       SELECT 'spend-test:' || g, 'reply', 'SENT', '2026-12-05T10:00:00Z', now() FROM generate_series(1, 1003) g`,
    );
    const s = await getMonthSpend(ctx, { actor: viewer });
    expect(s).toMatchObject({ month: '2026-12', source: 'settings', pricesFrom: '2026-10-01' });
    expect(s.templates.find((l) => l.category === 'UTILITY')).toEqual({ category: 'UTILITY', messages: 40, charged: 40, costEur: 1.2 });
    expect(s.templates.find((l) => l.category === 'MARKETING')).toEqual({ category: 'MARKETING', messages: 30, charged: 30, costEur: 2.07 });
    expect(s.service).toEqual({ replies: 1003, free: 1000, charged: 3, costEur: 0.09 });
    expect(s.totalEur).toBe(3.36);
  });

  it('with Meta’s pricing data: what Meta said it charges, and the prices from the settings', async () => {
    await ctx.pool.query(
      `INSERT INTO message_charges (month, category, pricing_type, billable, count) VALUES
         ('2026-12-01', 'MARKETING', 'regular', true, 100), ('2026-12-01', 'UTILITY', 'regular', true, 50),
         ('2026-12-01', 'UTILITY', 'free_customer_service', false, 7), ('2026-12-01', 'SERVICE', 'regular', true, 4),
         ('2026-11-01', 'MARKETING', 'regular', true, 999)`,
    );
    await setSetting(ctx.db, 'messagePrices', { ...P, countries: { IT: { MARKETING: 0.1, UTILITY: 0.02, AUTHENTICATION: 0.03, SERVICE: 0.01 } } });
    const s = await getMonthSpend(ctx, { actor: viewer });
    expect(s.source).toBe('meta');
    expect(s.templates.find((l) => l.category === 'MARKETING')).toEqual({ category: 'MARKETING', messages: 100, charged: 100, costEur: 10 });
    expect(s.templates.find((l) => l.category === 'UTILITY')).toEqual({ category: 'UTILITY', messages: 57, charged: 50, costEur: 1 });
    expect(s.service).toEqual({ replies: 4, free: 0, charged: 4, costEur: 0.04 });
    expect(s.totalEur).toBe(11.04);
  });
});
