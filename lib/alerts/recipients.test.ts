import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { countRecipients } from './count-recipients';
import { createAlert } from './create-alert';
import { estimateDelivery, estimateFigures } from './estimate-delivery';
import { sendAlertNow } from './send-alert-now';
import { approveTemplates, composeInput, launch, newTopic } from './test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { setSetting } from '../settings/store';

let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
});
afterAll(async () => ctx.close());

describe('countRecipients', () => {
  it('counts active subscribers of the chosen topics, each once', async () => {
    const a = await newTopic(ctx);
    const b = await newTopic(ctx);
    await addSubscribers(ctx, 3, [a.slug]);
    await addSubscribers(ctx, 2, [b.slug]);
    await addSubscribers(ctx, 1, [a.slug, b.slug]);
    await addSubscribers(ctx, 1, [a.slug], { status: 'PENDING' });
    await addSubscribers(ctx, 1, [a.slug], { status: 'UNSUBSCRIBED' });
    const [flagged] = await addSubscribers(ctx, 1, [a.slug]);
    await ctx.db.subscriber.update({ where: { id: flagged }, data: { undeliverableAt: ctx.now() } });

    const count = (topics: string[] | null) => countRecipients(ctx, { actor: editor, topics, urgency: 'normal' });
    expect(await count([a.slug])).toEqual({ recipients: 4, matching: 4, overWeeklyCap: 0 });
    expect((await count([b.slug])).recipients).toBe(3);
    expect((await count([a.slug, b.slug])).recipients).toBe(6);
  });

  it('"every topic" counts everyone following at least one active topic', async () => {
    const active = await ctx.db.subscriber.count({ where: { status: 'ACTIVE', undeliverableAt: null, topics: { some: {} } } });
    await addSubscribers(ctx, 1, []); // active, no topic chosen
    expect((await countRecipients(ctx, { actor: editor, topics: null, urgency: 'normal' })).recipients).toBe(active);
  });

  it('counts the recipients of a saved alert, and its publication queues exactly that many', async () => {
    const t = await newTopic(ctx);
    await addSubscribers(ctx, 5, [t.slug]);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [t.slug] }) });
    const before = await countRecipients(ctx, { actor: editor, alertId: id });
    expect(before.recipients).toBe(5);
    const sent = await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect(sent.recipients).toBe(before.recipients);
  });
});

describe('weekly cap of normal alerts', () => {
  it('leaves out who already got 3 normal alerts in 7 days; urgent alerts reach them; a week later they are back', async () => {
    await setSetting(ctx.db, 'weeklyNormalCap', 3);
    const t = await newTopic(ctx);
    const other = await newTopic(ctx);
    const capped = await addSubscribers(ctx, 2, [t.slug, other.slug]);
    await addSubscribers(ctx, 4, [t.slug]);
    ctx.clock.set('2026-12-01T10:00:00Z');
    for (let i = 0; i < 3; i++) {
      const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [other.slug], title: `Avviso ${i}` }) });
      expect((await sendAlertNow(ctx, { actor: editor, alertId: id })).recipients).toBe(2);
      ctx.clock.advance(3600_000);
    }
    // An urgent alert does not count towards the cap.
    const urgent = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [other.slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: urgent.id })).recipients).toBe(2);

    expect(await countRecipients(ctx, { actor: editor, topics: [t.slug], urgency: 'normal' })).toEqual({ recipients: 4, matching: 6, overWeeklyCap: 2 });
    expect((await countRecipients(ctx, { actor: editor, topics: [t.slug], urgency: 'urgent' })).recipients).toBe(6);

    const normal = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [t.slug] }) });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: normal.id })).recipients).toBe(4);
    const got = await ctx.db.delivery.findMany({ where: { alertId: normal.id }, select: { subscriberId: true } });
    expect(got.map((d) => d.subscriberId)).not.toContain(capped[0]);
    expect(got.map((d) => d.subscriberId)).not.toContain(capped[1]);

    ctx.clock.set('2026-12-08T10:30:00Z'); // more than 7 days after the first two
    expect((await countRecipients(ctx, { actor: editor, topics: [t.slug], urgency: 'normal' })).overWeeklyCap).toBe(0);
  });

  it('does not count failed deliveries as received', async () => {
    await setSetting(ctx.db, 'weeklyNormalCap', 1);
    const t = await newTopic(ctx);
    await addSubscribers(ctx, 2, [t.slug]);
    ctx.clock.set('2026-12-20T10:00:00Z');
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [t.slug] }) });
    await sendAlertNow(ctx, { actor: editor, alertId: id });
    const one = await ctx.db.delivery.findFirstOrThrow({ where: { alertId: id } });
    await ctx.db.delivery.update({ where: { id: one.id }, data: { status: 'FAILED' } });
    expect(await countRecipients(ctx, { actor: editor, topics: [t.slug], urgency: 'normal' })).toMatchObject({ recipients: 1, overWeeklyCap: 1 });
    await setSetting(ctx.db, 'weeklyNormalCap', 3);
  });
});

describe('estimateDelivery', () => {
  it('says how long and how much', () => {
    const base = { messagesPerSecond: 80, dailyRecipientLimit: 'unlimited' as const, usedLast24h: 0, costPerMessageEur: 0.03 };
    expect(estimateFigures({ ...base, recipients: 20_000 })).toMatchObject({
      durationSeconds: 250,
      label: 'circa 4 minuti',
      costEur: 600,
      costLabel: 'circa 600,00\u00a0€',
    });
    expect(estimateFigures({ ...base, recipients: 30 }).label).toBe('meno di un minuto');
    expect(estimateFigures({ ...base, recipients: 1_000_000 }).label).toBe('circa 3 ore');
  });

  it('warns when the daily limit is exceeded', () => {
    const base = { messagesPerSecond: 80, dailyRecipientLimit: 250, costPerMessageEur: 0.03 };
    expect(estimateFigures({ ...base, recipients: 400, usedLast24h: 0 })).toMatchObject({
      sendableToday: 250,
      deferred: 150,
      label: 'oltre il limite giornaliero: 250 oggi, il resto domani',
    });
    expect(estimateFigures({ ...base, recipients: 1000, usedLast24h: 100 }).label).toBe(
      'oltre il limite giornaliero: 150 oggi, il resto nei prossimi 4 giorni',
    );
    expect(estimateFigures({ ...base, recipients: 10, usedLast24h: 250 }).label).toBe('limite giornaliero già raggiunto: partirà domani');
  });

  it('reads the settings and the recipients reached in the last 24 hours', async () => {
    await setSetting(ctx.db, 'dailyRecipientLimit', 2000);
    const reached = await addSubscribers(ctx, 2, []);
    await ctx.db.subscriber.updateMany({ where: { id: { in: reached } }, data: { quotaCountedAt: ctx.now() } });
    const e = await estimateDelivery(ctx, { actor: editor, recipients: 2500 });
    expect(e).toMatchObject({ dailyLimit: 2000, remainingToday: 1998, sendableToday: 1998, deferred: 502, costEur: 75 });
  });
});
