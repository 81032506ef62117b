import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { addSubscribers, apiKeyActor, staffActor } from '../testing/fixtures';
import { approveAlert } from './approve-alert';
import { correctAlert } from './correct-alert';
import { createAlert } from './create-alert';
import { getAlert } from './get-alert';
import { getPublicAlert, listPublicAlerts } from './list-public-alerts';
import { renderRss } from './render-feed';
import { sendAlertNow } from './send-alert-now';
import { composeInput, approveTemplates, launch, newTopic } from './test-fixtures';
import { withdrawAlert } from './withdraw-alert';

let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
});
afterAll(async () => ctx.close());

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e : Promise.reject(e)),
  );

/** An alert to a topic of its own, sent, with its deliveries given outcomes; returns ids. */
async function sentAlert(over: Record<string, unknown> = {}) {
  const topic = await newTopic(ctx);
  const subs = await addSubscribers(ctx, 6, [topic.slug]);
  const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug], ...over }) });
  const r = await sendAlertNow(ctx, { actor: editor, alertId: id });
  expect(r).toMatchObject({ status: 'SENDING', recipients: 6 });
  const set = (i: number, status: string) =>
    ctx.pool.query(`UPDATE deliveries SET status = $3::"DeliveryStatus" WHERE alert_id = $1::uuid AND subscriber_id = $2::uuid`, [id, subs[i], status]);
  await set(0, 'READ');
  await set(1, 'DELIVERED');
  await set(2, 'SENT');
  await set(3, 'FAILED');
  await set(4, 'SKIPPED');
  await set(5, 'READ');
  await ctx.db.alert.update({ where: { id }, data: { status: 'SENT', completedAt: ctx.now() } });
  return { id, topic, subs };
}

describe('correction of a sent alert', () => {
  it('goes to everyone who received the original (still subscribed), linked to it, audited, shown next to it', async () => {
    const { id, topic, subs } = await sentAlert();
    // Left since: not reached. Dropped the topic since: still told. Joined since: never got the original.
    await ctx.db.subscriber.update({ where: { id: subs[5]! }, data: { status: 'UNSUBSCRIBED' } });
    await ctx.db.subscriberTopic.deleteMany({ where: { subscriberId: subs[1]! } });
    await addSubscribers(ctx, 2, [topic.slug]);

    const r = await correctAlert(ctx, {
      actor: editor,
      alertId: id,
      input: { title: 'Via Roma riapre alle 18', body: 'Correzione: riapre alle 18, non alle 16.' },
    });
    expect(r).toMatchObject({ status: 'SENDING', recipients: 3, correctsAlertId: id });
    const correction = await ctx.db.alert.findUniqueOrThrow({ where: { id: r.id }, include: { topics: true } });
    expect(correction).toMatchObject({ correctsAlertId: id, title: 'Rettifica: Via Roma riapre alle 18', urgency: 'NORMAL', allTopics: false });
    expect(correction.topics.map((t) => t.topicId)).toEqual([topic.id]);
    const reached = (await ctx.db.delivery.findMany({ where: { alertId: r.id }, select: { subscriberId: true } })).map((d) => d.subscriberId).sort();
    expect(reached).toEqual([subs[0], subs[1], subs[2]].sort());
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { target: id, action: 'alert_correct' } });
    expect(audit).toMatchObject({ actorId: editor.id, details: { correction: r.id } });
    expect(await ctx.db.auditLog.count({ where: { target: r.id, action: 'alert_send' } })).toBe(1);

    // The public archive: the correction says what it corrects, the original says it was corrected.
    const page = await listPublicAlerts(ctx, { pageSize: 100 });
    const original = page.items.find((a) => a.id === id);
    const shown = page.items.find((a) => a.id === r.id);
    expect(shown?.corrects).toMatchObject({ id, title: 'Via Roma chiusa' });
    expect(original?.correctedBy.map((c) => c.id)).toEqual([r.id]);
    expect(await getPublicAlert(ctx, id)).toMatchObject({ correctedBy: [{ id: r.id, title: 'Rettifica: Via Roma riapre alle 18' }] });
  });

  it('is not held back by the weekly cap: the people the original reached are the ones to tell', async () => {
    const { id } = await sentAlert();
    await setSetting(ctx.db, 'weeklyNormalCap', 1);
    try {
      const r = await correctAlert(ctx, { actor: editor, alertId: id, input: { title: 'Rettifica orari', body: 'Gli orari giusti sono 8-12.' } });
      expect(r.recipients).toBe(4);
      expect((await ctx.db.alert.findUniqueOrThrow({ where: { id: r.id } })).title).toBe('Rettifica orari');
    } finally {
      await setSetting(ctx.db, 'weeklyNormalCap', 3);
    }
  });

  it('follows the four-eyes rule like any alert: one to every topic waits for a second editor', async () => {
    await setSetting(ctx.db, 'fourEyes', true);
    try {
      const second = await staffActor(ctx, 'EDITOR');
      await addSubscribers(ctx, 2, ['viabilita']);
      const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: undefined }) });
      expect((await sendAlertNow(ctx, { actor: editor, alertId: id })).status).toBe('PENDING_APPROVAL');
      await approveAlert(ctx, { actor: second, alertId: id });
      await ctx.pool.query(`UPDATE deliveries SET status = 'DELIVERED' WHERE alert_id = $1::uuid`, [id]);
      await ctx.db.alert.update({ where: { id }, data: { status: 'SENT' } });
      const r = await correctAlert(ctx, { actor: editor, alertId: id, input: { title: 'x', body: 'Testo corretto.' } });
      expect(r).toMatchObject({ status: 'PENDING_APPROVAL', recipients: null });
      expect(await ctx.db.delivery.count({ where: { alertId: r.id } })).toBe(0);
      const approved = await approveAlert(ctx, { actor: second, alertId: r.id });
      expect(approved.status).toBe('SENDING');
      expect(approved.recipients).toBe(await ctx.db.delivery.count({ where: { alertId: id, status: 'DELIVERED' } }));
    } finally {
      await setSetting(ctx.db, 'fourEyes', false);
    }
  });

  it('is refused for an alert not sent, for bad input and for viewers or draft-only keys, leaving nothing behind', async () => {
    const topic = await newTopic(ctx);
    const { id: draft } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug] }) });
    const before = await ctx.db.alert.count();
    expect((await rejection(correctAlert(ctx, { actor: editor, alertId: draft, input: { title: 'a', body: 'b' } })))?.code).toBe('conflict');
    const { id } = await sentAlert();
    const countNow = await ctx.db.alert.count();
    const bad = await rejection(correctAlert(ctx, { actor: editor, alertId: id, input: { title: '', body: 'b' } }));
    expect(bad?.code).toBe('invalid_input');
    expect(bad?.details?.fieldErrors?.title).toBeDefined();
    expect((await rejection(correctAlert(ctx, { actor: editor, alertId: id, input: { title: 'a', body: 'b', urgency: 'urgent' } })))?.code).toBe(
      'invalid_input',
    );
    const viewer = await staffActor(ctx, 'VIEWER');
    expect((await rejection(correctAlert(ctx, { actor: viewer, alertId: id, input: { title: 'a', body: 'b' } })))?.code).toBe('forbidden');
    expect((await rejection(correctAlert(ctx, { actor: apiKeyActor(['alerts:draft']), alertId: id, input: { title: 'a', body: 'b' } })))?.code).toBe(
      'insufficient_scope',
    );
    expect(await ctx.db.alert.count()).toBe(countNow);
    expect(countNow).toBeGreaterThan(before);
    expect(await ctx.db.auditLog.count({ where: { target: id, action: 'alert_correct' } })).toBe(0);
  });
});

describe('withdrawal from the public archive', () => {
  it('removes a sent alert from the archive and the feeds; its page says only that it was withdrawn; audited', async () => {
    const { id } = await sentAlert({ title: 'Testo sbagliato' });
    expect((await listPublicAlerts(ctx, { pageSize: 100 })).items.some((a) => a.id === id)).toBe(true);
    // The alert page offers both to an editor, neither to a viewer; "Ferma l'invio" is gone once sent.
    expect((await getAlert(ctx, { actor: editor, alertId: id })).can).toMatchObject({ correct: true, withdraw: true, stop: false, cancel: false });
    const viewer = await staffActor(ctx, 'VIEWER');
    expect((await getAlert(ctx, { actor: viewer, alertId: id })).can).toMatchObject({ correct: false, withdraw: false });
    const r = await withdrawAlert(ctx, { actor: editor, alertId: id, reason: 'errore' });
    expect(r.withdrawnAt).toEqual(ctx.now());
    const page = await listPublicAlerts(ctx, { pageSize: 100 });
    expect(page.items.some((a) => a.id === id)).toBe(false);
    const rss = renderRss(page.items, { publicUrl: 'https://avvisi.example.it', comuneName: 'Comune', serviceName: 'Avvisi', now: ctx.now() });
    expect(rss).not.toContain('Testo sbagliato');
    expect(rss).not.toContain(id);
    const gone = await getPublicAlert(ctx, id);
    expect(gone).toEqual({ id, withdrawn: true, withdrawnAt: r.withdrawnAt });
    expect(JSON.stringify(gone)).not.toContain('Testo sbagliato');
    expect((await getAlert(ctx, { actor: editor, alertId: id })).can).toMatchObject({ correct: true, withdraw: false });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { target: id, action: 'alert_withdraw' } });
    expect(audit).toMatchObject({ actorId: editor.id, details: { reason: 'errore', title: 'Testo sbagliato' } });
  });

  it('refuses twice, an alert still going out, a draft, viewers; a non-public alert stays unknown to citizens', async () => {
    const { id } = await sentAlert({ publicArchive: false });
    await withdrawAlert(ctx, { actor: editor, alertId: id });
    expect((await rejection(withdrawAlert(ctx, { actor: editor, alertId: id })))?.code).toBe('conflict');
    expect(await getPublicAlert(ctx, id)).toBeNull();
    expect(await ctx.db.auditLog.count({ where: { target: id, action: 'alert_withdraw' } })).toBe(1);

    const { id: other } = await sentAlert();
    await ctx.db.alert.update({ where: { id: other }, data: { status: 'SENDING' } });
    const sending = await rejection(withdrawAlert(ctx, { actor: editor, alertId: other }));
    expect(sending?.code).toBe('conflict');
    expect(sending?.details?.english).toContain('stop it first');
    const viewer = await staffActor(ctx, 'VIEWER');
    expect((await rejection(withdrawAlert(ctx, { actor: viewer, alertId: other })))?.code).toBe('forbidden');
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id: other } })).withdrawnAt).toBeNull();
  });
});
