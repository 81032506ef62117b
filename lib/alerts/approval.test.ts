import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { approveAlert } from './approve-alert';
import { createAlert } from './create-alert';
import { getAlert } from './get-alert';
import { publishDueAlerts } from './publish-due-alerts';
import { scheduleAlert } from './schedule-alert';
import { sendAlertNow } from './send-alert-now';
import { approveTemplates, composeInput, launch } from './test-fixtures';
import { addSubscribers, apiKeyActor, staffActor } from '../testing/fixtures';
import { updateAlert } from './update-alert';

let ctx: TestContext;
let author: Awaited<ReturnType<typeof staffActor>>;
let second: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  author = await staffActor(ctx, 'EDITOR');
  second = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 4, ['viabilita']);
  // One person who does not follow viabilita: an alert to viabilita alone does not reach everyone.
  await addSubscribers(ctx, 1, ['chiusura-strade']);
  await setSetting(ctx.db, 'fourEyes', true);
});
afterAll(async () => ctx.close());

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e : Promise.reject(e)),
  );
const everyone = async () =>
  (await createAlert(ctx, { actor: author, input: composeInput({ topics: undefined, urgency: 'urgent', urgentReason: 'Esercitazione' }) })).id;

describe('four-eyes rule', () => {
  it('an alert to every topic waits for a second editor; the author cannot approve it, another editor can', async () => {
    const id = await everyone();
    const r = await sendAlertNow(ctx, { actor: author, alertId: id });
    expect(r).toMatchObject({ status: 'PENDING_APPROVAL', recipients: null });
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(0);
    expect((await getAlert(ctx, { actor: author, alertId: id })).can.approve).toBe(false);
    expect((await getAlert(ctx, { actor: second, alertId: id })).can.approve).toBe(true);

    const refused = await rejection(approveAlert(ctx, { actor: author, alertId: id }));
    expect(refused?.code).toBe('forbidden');
    expect(refused?.userMessage).toContain('scritto da te');

    const ok = await approveAlert(ctx, { actor: second, alertId: id });
    expect(ok).toMatchObject({ status: 'SENDING', recipients: 5 });
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(row.approvedById).toBe(second.id);
    expect(await ctx.db.auditLog.count({ where: { target: id, action: 'alert_approve', actorId: second.id } })).toBe(1);
  });

  it('an API key cannot approve, and approving twice is refused', async () => {
    const id = await everyone();
    await sendAlertNow(ctx, { actor: author, alertId: id });
    expect((await rejection(approveAlert(ctx, { actor: apiKeyActor(), alertId: id })))?.code).toBe('forbidden');
    await approveAlert(ctx, { actor: second, alertId: id });
    expect((await rejection(approveAlert(ctx, { actor: second, alertId: id })))?.code).toBe('conflict');
  });

  it('a scheduled alert to everyone, once approved, goes at its time; editing it asks for approval again', async () => {
    ctx.clock.set('2026-12-10T09:00:00Z');
    const id = await everyone();
    expect((await scheduleAlert(ctx, { actor: author, alertId: id, scheduledAt: '2026-12-10T18:00' })).status).toBe('PENDING_APPROVAL');
    expect((await approveAlert(ctx, { actor: second, alertId: id })).status).toBe('SCHEDULED');
    const edited = await updateAlert(ctx, {
      actor: author,
      alertId: id,
      input: composeInput({ topics: undefined, urgency: 'urgent', urgentReason: 'Esercitazione', title: 'Nuovo titolo' }),
    });
    expect(edited.status).toBe('PENDING_APPROVAL');
    ctx.clock.set('2026-12-10T17:01:00Z');
    expect((await publishDueAlerts(ctx)).published.map((p) => p.alertId)).not.toContain(id);
    await approveAlert(ctx, { actor: second, alertId: id });
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).status).toBe('SENDING');
  });

  it('does not apply to an alert for chosen topics that leaves someone out', async () => {
    const { id } = await createAlert(ctx, { actor: author, input: composeInput({ urgency: 'urgent', urgentReason: 'Gelo' }) });
    expect((await sendAlertNow(ctx, { actor: author, alertId: id })).status).toBe('SENDING');
  });
});

describe('four-eyes rule: by audience, not by the "all topics" box', () => {
  const urgentTo = async (topics: string[]) =>
    (await createAlert(ctx, { actor: author, input: composeInput({ topics, urgency: 'urgent', urgentReason: 'Esercitazione' }) })).id;

  it('every topic ticked one by one is an alert to everyone: it waits for a second editor', async () => {
    const id = await urgentTo(['viabilita', 'chiusura-strade', 'urgenze']);
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).allTopics).toBe(false);
    expect(await sendAlertNow(ctx, { actor: author, alertId: id })).toMatchObject({ status: 'PENDING_APPROVAL', recipients: null });
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(0);
  });

  it('topics that happen to reach every subscriber wait too, also when scheduled', async () => {
    ctx.clock.set('2026-12-11T09:00:00Z');
    // viabilita + chiusura-strade: all five subscribers, though "urgenze" is not ticked.
    const id = await urgentTo(['viabilita', 'chiusura-strade']);
    expect((await scheduleAlert(ctx, { actor: author, alertId: id, scheduledAt: '2026-12-11T18:00' })).status).toBe('PENDING_APPROVAL');
    expect((await approveAlert(ctx, { actor: second, alertId: id })).status).toBe('SCHEDULED');
  });

  it('editing a scheduled alert so that it reaches everyone sends it back for approval', async () => {
    ctx.clock.set('2026-12-12T09:00:00Z');
    const id = await urgentTo(['viabilita']);
    expect((await scheduleAlert(ctx, { actor: author, alertId: id, scheduledAt: '2026-12-12T18:00' })).status).toBe('SCHEDULED');
    const edited = await updateAlert(ctx, {
      actor: author,
      alertId: id,
      input: composeInput({ topics: ['viabilita', 'chiusura-strade'], urgency: 'urgent', urgentReason: 'Esercitazione' }),
    });
    expect(edited.status).toBe('PENDING_APPROVAL');
  });

  it('with the setting off nothing waits, whoever it reaches', async () => {
    await setSetting(ctx.db, 'fourEyes', false);
    try {
      const id = await urgentTo(['viabilita', 'chiusura-strade', 'urgenze']);
      expect((await sendAlertNow(ctx, { actor: author, alertId: id })).status).toBe('SENDING');
    } finally {
      await setSetting(ctx.db, 'fourEyes', true);
    }
  });
});
