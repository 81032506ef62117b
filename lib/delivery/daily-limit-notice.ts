/**
 * Tells staff that Meta's daily messaging limit is used up (issue 12): admins, and the authors of
 * the alerts left waiting, once per Rome day (event key `daily_limit:<day>`; (person, key) is
 * unique, so several workers and repeated claims write one notice each, and the author of an alert
 * that hits the limit later that day is still told).
 */
import type { AppContext } from '../context';
import { notifyStaff } from '../notifications/notify-staff';
import { romeDay } from '../time/rome-days';

export async function notifyDailyLimitReached(ctx: AppContext, o: { alertIds: string[]; limit: number | 'unlimited' }): Promise<number> {
  if (o.alertIds.length === 0) return 0;
  const alerts = await ctx.db.alert.findMany({ where: { id: { in: o.alertIds } }, select: { id: true, createdById: true } });
  const day = romeDay(ctx.now());
  return ctx.db.$transaction((tx) =>
    notifyStaff(ctx, tx, {
      kind: 'daily_limit',
      eventKey: `daily_limit:${day}`,
      title: 'Raggiunto il limite giornaliero di invii',
      body: `Oggi è stato raggiunto il limite di WhatsApp${o.limit === 'unlimited' ? '' : ` (${o.limit} persone in 24 ore)`}: i messaggi rimanenti aspettano e partono da soli appena il limite lo consente.`,
      link: alerts.length === 1 ? `/dashboard/avvisi/${alerts[0]!.id}` : '/dashboard/avvisi',
      roles: ['ADMIN'],
      alsoUserIds: alerts.map((a) => a.createdById),
    }),
  );
}

/**
 * The engine's way in: while the limit holds, every claim reports the same waiting alerts; this
 * remembers per process which alerts were already reported today, so the database is asked only
 * for alerts it has not heard of (the unique (person, key) still makes several processes safe).
 */
export function dailyLimitNotifier(ctx: AppContext): (o: { alertIds: string[]; limit: number | 'unlimited' }) => Promise<number> {
  let day = '';
  let told = new Set<string>();
  return async (o) => {
    const today = romeDay(ctx.now());
    if (today !== day) {
      day = today;
      told = new Set();
    }
    const fresh = o.alertIds.filter((id) => !told.has(id));
    if (fresh.length === 0) return 0;
    const n = await notifyDailyLimitReached(ctx, { ...o, alertIds: fresh });
    for (const id of fresh) told.add(id);
    return n;
  };
}
