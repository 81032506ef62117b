import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { setSetting, loadSettings } from '../settings/store';
import { completeFinishedAlerts } from '../delivery/housekeeping';
import { getDeliveryProgress } from '../delivery/progress';
import { countRecipients } from './count-recipients';
import { createAlert } from './create-alert';
import { sendAlertNow } from './send-alert-now';
import { lockAlert, TX_OPTIONS } from './alert-record';
import { publishLocked } from './publish-alert';
import { FIRST_BATCH, finishPublishing, publishNextBatch, resumeStalledPublishing } from './continue-publishing';
import { approveTemplates, composeInput, launch, newTopic } from './test-fixtures';
import { waUserIdHmac } from '../privacy/wa-user-id';

/**
 * Streaming publishing (continue-publishing.ts): the send decision queues FIRST_BATCH deliveries,
 * the rest follow in committed batches. Real database; the end-to-end crash of a publisher process
 * with a real worker sending is in streaming-publish-crash.test.ts.
 */
let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;
let next = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  await setSetting(ctx.db, 'dailyRecipientLimit', 'unlimited');
});
afterAll(async () => ctx.close());

/** `n` active subscribers on a topic of their own, numbers apart from the other tests'. */
async function audienceOf(n: number): Promise<{ slug: string; ids: string[] }> {
  const t = await newTopic(ctx);
  const ids = await seedSubscribers(ctx, { count: n, start: (next += 100_000), topicSlug: t.slug });
  return { slug: t.slug, ids };
}

/** The send decision alone, as its callers run it (the batches after it are left to the test). */
async function decideOnly(alertId: string) {
  const settings = await loadSettings(ctx.db, { fresh: true });
  return ctx.db.$transaction(async (tx) => publishLocked(ctx, tx, await lockAlert(tx, alertId), { actor: editor, settings, trigger: 'send_now' }), TX_OPTIONS);
}

async function deliveriesOf(alertId: string): Promise<{ total: number; distinct: number }> {
  const { rows } = await ctx.pool.query<{ total: number; distinct: number }>(
    'SELECT count(*)::int AS total, count(DISTINCT subscriber_id)::int AS distinct FROM deliveries WHERE alert_id = $1',
    [alertId],
  );
  return rows[0]!;
}

const pendingOf = async (alertId: string) =>
  ctx.db.alert.findUniqueOrThrow({ where: { id: alertId }, select: { publishPendingSince: true, recipientCount: true, status: true, publishCursor: true } });

describe('streaming publishing', () => {
  it('queues username-only citizens (a BSUID, no number) in every batch, as the estimate counts them', async () => {
    const { slug, ids } = await audienceOf(FIRST_BATCH + 3);
    // Every other subscriber without a number, known by a BSUID only (as Meta's username users).
    const usernameOnly = ids.filter((_, i) => i % 2 === 0);
    for (const [i, id] of usernameOnly.entries()) {
      const userId = `IT.20261203${String(next + i).padStart(8, '0')}`;
      await ctx.pool.query('UPDATE subscribers SET phone_hmac = NULL, phone_enc = NULL, wa_user_id_hmac = $2, wa_user_id_enc = $3 WHERE id = $1', [
        id,
        waUserIdHmac(ctx.cipher, userId),
        ctx.cipher.encrypt(userId),
      ]);
    }
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    expect(await countRecipients(ctx, { actor: editor, alertId: id })).toMatchObject({ recipients: FIRST_BATCH + 3 });
    expect(await sendAlertNow(ctx, { actor: editor, alertId: id })).toMatchObject({ status: 'SENDING', recipients: FIRST_BATCH + 3 });
    const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])', [
      id,
      usernameOnly,
    ]);
    expect(rows[0]!.n).toBe(usernameOnly.length);
  });

  it('queues the first batch in the send decision, so sending can start before the rest is queued', async () => {
    const { slug } = await audienceOf(FIRST_BATCH + 700);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    const r = await decideOnly(id);
    expect(r).toMatchObject({ published: true, status: 'SENDING', recipients: FIRST_BATCH });
    expect(await deliveriesOf(id)).toEqual({ total: FIRST_BATCH, distinct: FIRST_BATCH });
    expect(await pendingOf(id)).toMatchObject({ status: 'SENDING', recipientCount: FIRST_BATCH, publishPendingSince: expect.any(Date) });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'alert_send', target: id } });
    expect(audit.details).toMatchObject({ recipients: null, firstBatch: FIRST_BATCH, streaming: true });

    const done = await finishPublishing(ctx, id, { batch: 300 });
    expect(done).toEqual({ done: true, recipients: FIRST_BATCH + 700 });
    expect(await deliveriesOf(id)).toEqual({ total: FIRST_BATCH + 700, distinct: FIRST_BATCH + 700 });
    expect(await pendingOf(id)).toMatchObject({ recipientCount: FIRST_BATCH + 700, publishPendingSince: null });
  });

  it('"send now" answers with the full count once every batch is queued', async () => {
    const { slug } = await audienceOf(2 * FIRST_BATCH + 1);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    expect(await countRecipients(ctx, { actor: editor, alertId: id })).toMatchObject({ recipients: 2 * FIRST_BATCH + 1 });
    expect(await sendAlertNow(ctx, { actor: editor, alertId: id })).toMatchObject({ status: 'SENDING', recipients: 2 * FIRST_BATCH + 1 });
    expect(await deliveriesOf(id)).toEqual({ total: 2 * FIRST_BATCH + 1, distinct: 2 * FIRST_BATCH + 1 });
    expect((await pendingOf(id)).publishPendingSince).toBeNull();
  });

  it('an alert that fits the first batch is published in one transaction, as before', async () => {
    const { slug } = await audienceOf(FIRST_BATCH - 1);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    expect(await decideOnly(id)).toMatchObject({ recipients: FIRST_BATCH - 1 });
    expect(await pendingOf(id)).toMatchObject({ publishPendingSince: null, recipientCount: FIRST_BATCH - 1 });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'alert_send', target: id } });
    expect(audit.details).toMatchObject({ recipients: FIRST_BATCH - 1 });
  });

  it('a publisher that stops between batches leaves an alert that is neither finished nor lost, and a worker resumes it', async () => {
    const { slug, ids } = await audienceOf(FIRST_BATCH + 1234);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    await decideOnly(id);
    await finishPublishing(ctx, id, { batch: 200, maxBatches: 2 }); // then the process "dies"
    const mid = await pendingOf(id);
    expect(mid.recipientCount).toBe(FIRST_BATCH + 400);
    expect(mid.publishPendingSince).not.toBeNull();

    // Everything queued so far has been sent: the alert is still not complete, the bar says why.
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', sent_at = now() WHERE alert_id = $1`, [id]);
    expect(await completeFinishedAlerts(ctx.pool, ctx.now())).not.toContain(id);
    const progress = await getDeliveryProgress(ctx, id);
    expect(progress).toMatchObject({ publishing: true, done: false, total: FIRST_BATCH + 400 });

    // A fresh publication is not taken over; a stalled one is.
    expect(await resumeStalledPublishing(ctx)).toEqual([]);
    expect(await resumeStalledPublishing(ctx, 0)).toEqual([id]);
    expect(await deliveriesOf(id)).toEqual({ total: ids.length, distinct: ids.length });
    const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])', [
      id,
      ids,
    ]);
    expect(rows[0]!.n).toBe(ids.length);
    expect(await pendingOf(id)).toMatchObject({ recipientCount: ids.length, publishPendingSince: null });
    expect((await getDeliveryProgress(ctx, id))?.publishing).toBe(false);
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', sent_at = now() WHERE alert_id = $1`, [id]);
    expect(await completeFinishedAlerts(ctx.pool, ctx.now())).toContain(id);
  });

  it('two publishers at once take turns: everyone once, the count exact', async () => {
    const { ids, slug } = await audienceOf(FIRST_BATCH + 2500);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    await decideOnly(id);
    const [a, b] = await Promise.all([finishPublishing(ctx, id, { batch: 150 }), finishPublishing(ctx, id, { batch: 250 })]);
    expect(a.done && b.done).toBe(true);
    expect(await deliveriesOf(id)).toEqual({ total: ids.length, distinct: ids.length });
    expect((await pendingOf(id)).recipientCount).toBe(ids.length);
    // Nothing pending any more: one more batch is a no-op.
    expect(await publishNextBatch(ctx, id)).toEqual({ done: true, recipients: ids.length });
    expect((await deliveriesOf(id)).total).toBe(ids.length);
  });

  it('keeps the weekly cap of normal alerts across batches, as counted before sending', async () => {
    await setSetting(ctx.db, 'weeklyNormalCap', 1);
    ctx.clock.set('2026-12-02T10:00:00Z');
    const main = await audienceOf(FIRST_BATCH + 1500);
    // 600 of them, spread over the id order, already had their one normal alert this week.
    const other = await newTopic(ctx);
    const capped = main.ids.filter((_, i) => i % 3 === 0).slice(0, 600);
    await ctx.pool.query('INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT unnest($1::uuid[]), $2::uuid', [capped, other.id]);
    const first = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [other.slug], title: 'Primo' }) });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: first.id })).recipients).toBe(600);
    ctx.clock.advance(3600_000);

    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [main.slug], title: 'Secondo' }) });
    const before = await countRecipients(ctx, { actor: editor, alertId: id });
    expect(before).toMatchObject({ recipients: main.ids.length - 600, overWeeklyCap: 600 });
    expect(before.recipients).toBeGreaterThan(FIRST_BATCH);
    await decideOnly(id);
    // The cap changes meanwhile: the batches keep the one in force when the alert went out.
    await setSetting(ctx.db, 'weeklyNormalCap', 5);
    await finishPublishing(ctx, id, { batch: 97 });
    expect(await deliveriesOf(id)).toEqual({ total: before.recipients, distinct: before.recipients });
    const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])', [
      id,
      capped,
    ]);
    expect(rows[0]!.n).toBe(0);
    expect((await pendingOf(id)).recipientCount).toBe(before.recipients);
    await setSetting(ctx.db, 'weeklyNormalCap', 3);
  });

  it('a cancelled alert gets no more batches', async () => {
    const { slug } = await audienceOf(FIRST_BATCH + 500);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    await decideOnly(id);
    await ctx.pool.query(`UPDATE alerts SET status = 'CANCELLED' WHERE id = $1`, [id]);
    expect(await finishPublishing(ctx, id)).toEqual({ done: true, recipients: FIRST_BATCH });
    expect((await deliveriesOf(id)).total).toBe(FIRST_BATCH);
    expect((await pendingOf(id)).publishPendingSince).toBeNull();
  });
});
