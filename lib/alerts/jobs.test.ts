import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createAlert } from './create-alert';
import { PUBLISH_QUEUE, registerAlertJobs, runAlertSweep, SWEEP_QUEUE } from './jobs';
import { scheduleAlert } from './schedule-alert';
import { approveTemplates, composeInput, launch } from './test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';

let ctx: TestContext;
let boss: PgBoss;

beforeAll(async () => {
  ctx = await createTestContext();
  // pg-boss runs on the database's real clock: this file uses real time too.
  ctx.now = () => new Date();
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 2, ['urgenze']);
  // Cron off: the every-minute sweep is exercised by calling it; the publish job runs for real.
  boss = new PgBoss({ connectionString: ctx.databaseUrl, max: 2, schedule: false, supervise: false });
  boss.on('error', () => {});
  await boss.start();
  await registerAlertJobs(boss, ctx, { pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await ctx?.close();
});

async function waitForStatus(id: string, status: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    if (row.status === status || Date.now() > until) return row.status;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('alert jobs on pg-boss', () => {
  it('registers the queues and the every-minute sweep', async () => {
    expect((await boss.getQueue(SWEEP_QUEUE))?.policy).toBe('singleton');
    expect((await boss.getQueue(PUBLISH_QUEUE))?.policy).toBe('short');
    expect((await boss.getSchedules()).find((s) => s.name === SWEEP_QUEUE)).toMatchObject({ cron: '* * * * *', timezone: 'Europe/Rome' });
  });

  it('the sweep queues one precise job for an alert due soon; the job publishes it at its time', async () => {
    const editor = await staffActor(ctx, 'EDITOR');
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: ['urgenze'], urgency: 'urgent', urgentReason: 'Prova sirene' }) });
    // Far enough ahead that both sweeps surely run before it, even on a busy machine.
    const releaseAt = new Date(Date.now() + 4000);
    await scheduleAlert(ctx, { actor: editor, alertId: id, scheduledAt: releaseAt });
    expect(await runAlertSweep(ctx, boss)).toEqual({ published: 0, blocked: 0, queued: 1 });
    // A second sweep before the release does not queue the same job again.
    expect((await runAlertSweep(ctx, boss)).queued).toBe(0);
    expect(await waitForStatus(id, 'SENDING')).toBe('SENDING');
    expect(await ctx.db.delivery.count({ where: { alertId: id } })).toBe(2);
  });
});
