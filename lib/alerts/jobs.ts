/**
 * Scheduled alerts on pg-boss (the worker starts it: lib/worker/worker.ts calls registerAlertJobs).
 *
 * - `alerts-sweep`, every minute (cron): publishes every SCHEDULED alert already due, and queues an
 *   `alerts-publish` job for each one due within the next two minutes, to start at its exact
 *   release time. The sweep alone guarantees nothing is missed if a job is lost.
 * - `alerts-publish` (policy "short": one waiting job per key; the key includes the release time,
 *   so a rescheduled alert gets a new job): publishes that alert if it is still due.
 * Publishing twice is a no-op by construction (row lock + status check in publish-alert.ts).
 */
import type PgBoss from 'pg-boss';
import type { AppContext } from '../context';
import { systemActor } from '../access/actor';
import { publishAlert } from './publish-alert';
import { publishDueAlerts, upcomingAlerts } from './publish-due-alerts';

export const SWEEP_QUEUE = 'alerts-sweep';
export const PUBLISH_QUEUE = 'alerts-publish';
const LOOKAHEAD_MS = 2 * 60 * 1000;

interface PublishJob {
  alertId: string;
}

export async function registerAlertJobs(boss: PgBoss, ctx: AppContext, opts: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 };
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'singleton' });
  await boss.createQueue(PUBLISH_QUEUE, { name: PUBLISH_QUEUE, policy: 'short', retryLimit: 3, retryDelay: 10 });
  await boss.schedule(SWEEP_QUEUE, '* * * * *', {}, { tz: 'Europe/Rome' });

  await boss.work(SWEEP_QUEUE, polling, async () => {
    const r = await runAlertSweep(ctx, boss);
    if (r.published > 0 || r.queued > 0) ctx.log.info('alerts sweep', r);
  });
  await boss.work<PublishJob>(PUBLISH_QUEUE, polling, async (jobs) => {
    for (const job of jobs) {
      const r = await publishAlert(ctx, { actor: systemActor('scheduler'), alertId: job.data.alertId });
      if (r.published) ctx.log.info('scheduled alert published', { alert: job.data.alertId, recipients: r.recipients });
    }
  });
}

/** One sweep: publish what is due, queue precise jobs for what is about to be. */
export async function runAlertSweep(ctx: AppContext, boss: Pick<PgBoss, 'send'>): Promise<{ published: number; blocked: number; queued: number }> {
  const done = await publishDueAlerts(ctx);
  let queued = 0;
  for (const a of await upcomingAlerts(ctx, LOOKAHEAD_MS)) {
    const id = await boss.send(PUBLISH_QUEUE, { alertId: a.id } satisfies PublishJob, {
      startAfter: a.releaseAt,
      singletonKey: `${a.id}:${a.releaseAt.toISOString()}`,
    });
    if (id) queued++;
  }
  return { published: done.published.length, blocked: done.blocked.length, queued };
}
