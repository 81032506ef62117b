import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { createTestContext, type TestContext } from '../testing/test-context';
import { cancelAlert } from './cancel-alert';
import { createAlert } from './create-alert';
import { publishDueAlerts } from './publish-due-alerts';
import { scheduleAlert } from './schedule-alert';
import { sendAlertNow } from './send-alert-now';
import { approveTemplates, composeInput, launch, newTopic } from './test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { updateAlert } from './update-alert';

let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;
let topic: { id: string; slug: string };

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  topic = await newTopic(ctx);
  await addSubscribers(ctx, 3, [topic.slug]);
});
afterAll(async () => ctx.close());

const draft = async (over: Record<string, unknown> = {}) =>
  (await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug], ...over }) })).id;
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e : Promise.reject(e)),
  );
const audits = (alertId: string, action: string) => ctx.db.auditLog.findMany({ where: { target: alertId, action } });

describe('send now and quiet hours', () => {
  it('sends a normal alert at once during the day', async () => {
    ctx.clock.set('2026-11-30T10:00:00Z');
    const id = await draft();
    const r = await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect(r).toMatchObject({ status: 'SENDING', held: false, recipients: 3 });
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(3);
  });

  it('holds a normal alert sent at 22:30 until 07:00 the next day, then the sweep sends it', async () => {
    ctx.clock.set('2026-11-30T21:30:00Z'); // 22:30 in Rome
    const id = await draft();
    const r = await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect(r).toMatchObject({ status: 'SCHEDULED', held: true, recipients: null });
    expect(r.releaseAt!.toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(0);

    ctx.clock.set('2026-12-01T05:59:00Z');
    expect((await publishDueAlerts(ctx)).published).toEqual([]);
    ctx.clock.set('2026-12-01T06:00:00Z');
    expect((await publishDueAlerts(ctx)).published).toEqual([{ alertId: id, recipients: 3 }]);
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('SENDING');
    expect(row.publishedAt!.toISOString()).toBe('2026-12-01T06:00:00.000Z');
  });

  it('holds across the spring DST switch: 22:30 CET -> 07:00 CEST', async () => {
    ctx.clock.set('2027-03-27T21:30:00Z'); // Saturday 27 March 2027, 22:30 CET
    const id = await draft();
    const r = await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect(r.releaseAt!.toISOString()).toBe('2027-03-28T05:00:00.000Z'); // 07:00 CEST
  });

  it('sends an urgent alert at 23:00 at once and records the reason', async () => {
    ctx.clock.set('2026-11-30T22:00:00Z'); // 23:00 in Rome
    const id = await draft({ urgency: 'urgent', urgentReason: 'Incendio in zona industriale' });
    const r = await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect(r).toMatchObject({ status: 'SENDING', held: false, recipients: 3 });
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(row.urgentReason).toBe('Incendio in zona industriale');
    const [audit] = await audits(id, 'alert_send');
    expect(audit!.details).toMatchObject({ urgency: 'URGENT', urgentReason: 'Incendio in zona industriale', recipients: 3, weeklyCap: null });
    expect(audit!.actorId).toBe(editor.id);
    expect((await ctx.db.delivery.findFirstOrThrow({ where: { alertId: id } })).priority).toBe(0);
  });

  it('refuses an urgent alert without a reason', async () => {
    const e = await rejection(createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug], urgency: 'urgent' }) }));
    expect(e?.code).toBe('invalid_input');
    expect(e?.details?.fieldErrors).toMatchObject({ urgentReason: [expect.stringContaining('motivo')] });
  });
});

describe('schedule, edit, cancel', () => {
  it('schedules from a Rome date-time, then cancels: nothing is ever sent', async () => {
    ctx.clock.set('2026-12-02T09:00:00Z');
    const id = await draft();
    const r = await scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: '2026-12-02T18:30' });
    expect(r).toMatchObject({ status: 'SCHEDULED', held: false });
    expect(r.releaseAt!.toISOString()).toBe('2026-12-02T17:30:00.000Z');
    expect((await audits(id, 'alert_schedule'))[0]!.details).toMatchObject({ scheduledAt: '2026-12-02T17:30:00.000Z' });

    const c = await cancelAlert(ctx, { actor: editor, alertId: id, reason: 'evento rinviato' });
    expect(c.status).toBe('CANCELLED');
    ctx.clock.set('2026-12-02T18:00:00Z');
    expect((await publishDueAlerts(ctx)).published.map((p) => p.alertId)).not.toContain(id);
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'CANCELLED', publishedAt: null, cancelledAt: new Date('2026-12-02T09:00:00Z') });
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(0);
    expect((await rejection(cancelAlert(ctx, { actor: editor, alertId: id })))?.code).toBe('conflict');
  });

  it('moves a normal alert scheduled at night to the morning; editing it to urgent releases it at the chosen time', async () => {
    ctx.clock.set('2026-12-03T09:00:00Z');
    const id = await draft();
    const r = await scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: '2026-12-03T23:15' });
    expect(r).toMatchObject({ status: 'SCHEDULED', held: true });
    expect(r.releaseAt!.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    const u = await updateAlert(ctx, {
      actor: editor,
      alertId: id,
      input: composeInput({ topics: [topic.slug], urgency: 'urgent', urgentReason: 'Allerta meteo' }),
    });
    expect(u).toMatchObject({ status: 'SCHEDULED', held: false });
    expect(u.releaseAt!.toISOString()).toBe('2026-12-03T22:15:00.000Z');
  });

  it('refuses a time in the past and editing a sent alert', async () => {
    ctx.clock.set('2026-12-05T09:00:00Z');
    const id = await draft();
    expect((await rejection(scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: '2026-12-05T08:00' })))?.message).toContain('già passata');
    await sendAlertNow(ctx, { actor: editor, alertId: id });
    expect((await rejection(updateAlert(ctx, { actor: editor, alertId: id, input: composeInput({ topics: [topic.slug] }) })))?.code).toBe('conflict');
  });
});

describe('the sweep', () => {
  // Fresh subscribers: the earlier tests already gave the first ones their weekly normal alerts.
  beforeAll(async () => {
    topic = await newTopic(ctx);
    await addSubscribers(ctx, 3, [topic.slug]);
  });

  it('publishes a due alert exactly once when two sweeps run at the same time', async () => {
    ctx.clock.set('2026-12-06T09:00:00Z');
    const id = await draft();
    await scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: '2026-12-06T11:00' });
    ctx.clock.set('2026-12-06T10:00:30Z');
    const [a, b, c] = await Promise.all([publishDueAlerts(ctx), publishDueAlerts(ctx), publishDueAlerts(ctx)]);
    const all = [...a.published, ...b.published, ...c.published].filter((p) => p.alertId === id);
    expect(all).toEqual([{ alertId: id, recipients: 3 }]);
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(3);
    expect(await audits(id, 'alert_send')).toHaveLength(1);
    expect((await audits(id, 'alert_send'))[0]!.actorEmail).toBe('system:scheduler');
  });

  it('leaves a due alert scheduled while the template is not approved, and sends it once it is', async () => {
    ctx.clock.set('2026-12-07T09:00:00Z');
    const id = await draft();
    await scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: '2026-12-07T11:00' });
    await approveTemplates(ctx, 'PAUSED');
    ctx.clock.set('2026-12-07T10:05:00Z');
    const blocked = await publishDueAlerts(ctx);
    expect(blocked.blocked).toEqual([{ alertId: id, code: 'template_not_ready' }]);
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).status).toBe('SCHEDULED');
    await approveTemplates(ctx);
    expect((await publishDueAlerts(ctx)).published).toEqual([{ alertId: id, recipients: 3 }]);
  });
});
