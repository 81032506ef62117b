import type { AppContext } from '../context';
import { isAppError } from '../errors';
import { systemActor } from '../access/actor';
import { publishAlert } from './publish-alert';

export interface SweepResult {
  published: { alertId: string; recipients: number }[];
  /** Due alerts that could not go (template not approved, service not launched…): retried next sweep. */
  blocked: { alertId: string; code: string }[];
}

const scheduler = systemActor('scheduler');

/**
 * Publishes every SCHEDULED alert whose release time has come. Runs every minute and may run in
 * several workers at once: publishAlert locks the row and re-checks its status, so each alert is
 * published exactly once whoever gets there first.
 */
export async function publishDueAlerts(ctx: AppContext, limit = 50): Promise<SweepResult> {
  const due = await ctx.db.alert.findMany({
    where: { status: 'SCHEDULED', releaseAt: { lte: ctx.now() } },
    orderBy: [{ urgency: 'desc' }, { releaseAt: 'asc' }],
    select: { id: true },
    take: limit,
  });
  const result: SweepResult = { published: [], blocked: [] };
  for (const { id } of due) {
    try {
      const r = await publishAlert(ctx, { actor: scheduler, alertId: id });
      if (r.published) result.published.push({ alertId: id, recipients: r.recipients });
    } catch (e) {
      const code = isAppError(e) ? e.code : 'error';
      result.blocked.push({ alertId: id, code });
      // Expected refusals are logged once a minute until staff act; the alert stays SCHEDULED.
      ctx.log[isAppError(e) ? 'warn' : 'error']('scheduled alert not published', { alert: id, code, error: e });
    }
  }
  return result;
}

/** Scheduled alerts due within `withinMs`: the sweep queues a precise job for each. */
export async function upcomingAlerts(ctx: AppContext, withinMs: number): Promise<{ id: string; releaseAt: Date }[]> {
  const rows = await ctx.db.alert.findMany({
    where: { status: 'SCHEDULED', releaseAt: { gt: ctx.now(), lte: new Date(ctx.now().getTime() + withinMs) } },
    select: { id: true, releaseAt: true },
  });
  return rows.flatMap((r) => (r.releaseAt ? [{ id: r.id, releaseAt: r.releaseAt }] : []));
}
