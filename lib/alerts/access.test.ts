import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles';
import { isAppError } from '../errors';
import { createTestContext, type TestContext } from '../testing/test-context';
import { approveAlert } from './approve-alert';
import { cancelAlert } from './cancel-alert';
import { countRecipients } from './count-recipients';
import { createAlert } from './create-alert';
import { duplicateAlert } from './duplicate-alert';
import { estimateDelivery } from './estimate-delivery';
import { getAlert } from './get-alert';
import { getAlertReport } from './get-alert-report';
import { getComposeContext } from './get-compose-context';
import { getLaunchProgress } from '../stats/get-launch-progress';
import { launchService } from './launch-service';
import { listAlerts } from './list-alerts';
import { scheduleAlert } from './schedule-alert';
import { sendAlertNow } from './send-alert-now';
import { sendTestAlert } from './send-test-alert';
import { submitAlert } from './submit-alert';
import { approveTemplates, composeInput, launch } from './test-fixtures';
import { addSubscribers, apiKeyActor, staffActor } from '../testing/fixtures';
import { updateAlert } from './update-alert';

let ctx: TestContext;
let viewer: Actor;
let editor: Awaited<ReturnType<typeof staffActor>>;
let alertId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  viewer = await staffActor(ctx, 'VIEWER');
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 2, ['viabilita']);
  alertId = (await createAlert(ctx, { actor: editor, input: composeInput() })).id;
});
afterAll(async () => ctx.close());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isAppError(e) ? e.code : Promise.reject(e)),
  );

describe('authorisation next to the data', () => {
  it('refuses a viewer every editing use case', async () => {
    const calls: Promise<unknown>[] = [
      createAlert(ctx, { actor: viewer, input: composeInput() }),
      updateAlert(ctx, { actor: viewer, alertId, input: composeInput() }),
      scheduleAlert(ctx, { actor: viewer, alertId, scheduledAt: '2030-01-01T10:00' }),
      sendAlertNow(ctx, { actor: viewer, alertId }),
      cancelAlert(ctx, { actor: viewer, alertId }),
      duplicateAlert(ctx, { actor: viewer, alertId }),
      approveAlert(ctx, { actor: viewer, alertId }),
      sendTestAlert(ctx, { actor: viewer, alertId }),
      countRecipients(ctx, { actor: viewer, urgency: 'normal' }),
      estimateDelivery(ctx, { actor: viewer, recipients: 10 }),
      submitAlert(ctx, { actor: viewer, input: composeInput({ send: true }) }),
      getComposeContext(ctx, { actor: viewer }),
      launchService(ctx, { actor: viewer }),
    ];
    expect(await Promise.all(calls.map(code))).toEqual(calls.map(() => 'forbidden'));
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe('DRAFT');
  });

  it('refuses a missing actor as unauthenticated', async () => {
    expect(await code(createAlert(ctx, { actor: null as unknown as Actor, input: composeInput() }))).toBe('unauthenticated');
    expect(await code(getAlert(ctx, { actor: undefined as unknown as Actor, alertId }))).toBe('unauthenticated');
  });

  it('lets a viewer read sent alerts, their reports and the launch progress, and nothing of the drafts', async () => {
    const sent = (await createAlert(ctx, { actor: editor, input: composeInput({ title: 'Inviato per chi legge' }) })).id;
    await sendAlertNow(ctx, { actor: editor, alertId: sent });
    const view = await getAlert(ctx, { actor: viewer, alertId: sent });
    expect(view.can).toEqual({
      edit: false,
      schedule: false,
      sendNow: false,
      cancel: false,
      approve: false,
      duplicate: false,
      sendTest: false,
      stop: false,
      correct: false,
      withdraw: false,
    });
    expect((await getAlertReport(ctx, { actor: viewer, alertId: sent })).progress.total).toBe(2);
    const list = await listAlerts(ctx, { actor: viewer });
    expect(list.items.map((a) => a.id)).toContain(sent);
    expect(list.items.every((a) => a.publishedAt !== null)).toBe(true);
    expect((await listAlerts(ctx, { actor: viewer, status: ['DRAFT'] })).total).toBe(0);
    expect(list.awaitingMyApproval).toBe(0);
    // The draft is the editors' work in progress: for a viewer it does not exist.
    expect(await code(getAlert(ctx, { actor: viewer, alertId }))).toBe('not_found');
    expect(await code(getAlertReport(ctx, { actor: viewer, alertId }))).toBe('not_found');
    expect((await listAlerts(ctx, { actor: editor })).items.map((a) => a.id)).toEqual(expect.arrayContaining([sent, alertId]));
    expect((await getAlertReport(ctx, { actor: editor, alertId })).progress.total).toBe(0);
    expect((await getLaunchProgress(ctx, { actor: viewer })).canLaunch).toBe(false);
  });

  it('an API key acts as an editor but cannot approve or get a test message', async () => {
    const key = apiKeyActor();
    const r = await submitAlert(ctx, { actor: key, input: composeInput({ send: true }) });
    expect(r).toMatchObject({ status: 'SENDING', recipients: 2 });
    expect(await ctx.db.alert.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ apiKeyId: key.id, createdById: null });
    expect(await code(sendTestAlert(ctx, { actor: key, alertId }))).toBe('forbidden');
    expect(await code(approveAlert(ctx, { actor: key, alertId }))).toBe('forbidden');
  });

  it('only admins launch', async () => {
    expect(await code(launchService(ctx, { actor: editor }))).toBe('forbidden');
  });
});

describe('submitAlert (the API shape)', () => {
  it('leaves a draft, schedules, or refuses and leaves nothing half-done', async () => {
    ctx.clock.set('2026-12-01T10:00:00Z');
    expect(await submitAlert(ctx, { actor: editor, input: composeInput() })).toMatchObject({ status: 'DRAFT', recipients: 2 });
    const s = await submitAlert(ctx, { actor: editor, input: composeInput({ scheduledAt: '2026-12-01T15:00:00Z', urgency: 'urgent', urgentReason: 'Gelo' }) });
    expect(s).toMatchObject({ status: 'SCHEDULED', releaseAt: new Date('2026-12-01T15:00:00Z'), recipients: 2 });
    const before = await ctx.db.alert.count({ where: { status: { not: 'CANCELLED' } } });
    expect(await code(submitAlert(ctx, { actor: editor, input: composeInput({ topics: ['non-esiste'], send: true }) }))).toBe('invalid_input');
    expect(await code(submitAlert(ctx, { actor: editor, input: composeInput({ scheduledAt: '2026-11-01T10:00' }) }))).toBe('invalid_input');
    expect(await ctx.db.alert.count({ where: { status: { not: 'CANCELLED' } } })).toBe(before);
  });
});

describe('duplicateAlert', () => {
  it('copies content and topics of a sent alert into a new draft', async () => {
    const sent = await submitAlert(ctx, {
      actor: editor,
      input: composeInput({ title: 'Neve', link: 'https://comune.example.it/neve', topics: ['viabilita', 'urgenze'], send: true }),
    });
    const { id } = await duplicateAlert(ctx, { actor: editor, alertId: sent.id });
    const copy = await getAlert(ctx, { actor: editor, alertId: id });
    expect(copy).toMatchObject({
      status: 'DRAFT',
      title: 'Neve',
      link: 'https://comune.example.it/neve',
      duplicatedFromId: sent.id,
      publishedAt: null,
      recipientCount: 0,
    });
    expect(copy.topics.map((t) => t.slug).sort()).toEqual(['urgenze', 'viabilita']);
    expect(copy.formValues).toMatchObject({ title: 'Neve', topics: expect.arrayContaining(['viabilita', 'urgenze']), urgency: 'normal' });
    expect(copy.fit.preview).toContain('*Neve*');
    expect(await ctx.db.auditLog.count({ where: { target: id, action: 'alert_create' } })).toBe(1);
    expect(await code(duplicateAlert(ctx, { actor: editor, alertId: 'not-a-uuid' }))).toBe('not_found');
  });
});
