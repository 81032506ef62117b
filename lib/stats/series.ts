import { readDailyMetrics, type Queryable } from './counters';
import { addDays } from '../time/rome-days';

/** One Europe/Rome calendar day of the statistics. */
export interface DayPoint {
  /** YYYY-MM-DD, Europe/Rome. */
  date: string;
  /** Consent ledger OPT_IN entries that day (new and returning subscribers). */
  optIns: number;
  /** Consent ledger OPT_OUT entries that day (by WhatsApp, web or staff). */
  optOuts: number;
  /** Active subscribers at the end of the day (for today: now). */
  active: number;
  /** Alert messages accepted by Meta that day. */
  messagesSent: number;
}

const METRICS = ['consent:OPT_IN', 'consent:OPT_OUT', 'sent'] as const;

/**
 * Per-day figures from `from` to `to` (both included, `to` ≤ today). "Active at the end of day d"
 * is not stored: it is today's active count minus the opt-ins and plus the opt-outs of every later
 * day. This holds because every change to or from ACTIVE writes exactly one OPT_IN / OPT_OUT
 * (lib/subscriptions/subscriber-changes.ts, lib/subscribers/import-subscribers.ts); the value is never shown below 0.
 */
export async function buildSeries(db: Queryable, a: { from: string; to: string; activeNow: number | Promise<number> }): Promise<DayPoint[]> {
  const [daily, activeNow] = await Promise.all([readDailyMetrics(db, a.from, METRICS), a.activeNow]);
  const ins = daily.get('consent:OPT_IN')!;
  const outs = daily.get('consent:OPT_OUT')!;
  const sent = daily.get('sent')!;
  const net = (d: string) => (ins.get(d) ?? 0) - (outs.get(d) ?? 0);

  let active = activeNow;
  for (const d of new Set([...ins.keys(), ...outs.keys()])) if (d > a.to) active -= net(d);

  const points: DayPoint[] = [];
  for (let d = a.to; d >= a.from; d = addDays(d, -1)) {
    points.push({ date: d, optIns: ins.get(d) ?? 0, optOuts: outs.get(d) ?? 0, active: Math.max(0, active), messagesSent: sent.get(d) ?? 0 });
    active -= net(d);
  }
  return points.reverse();
}

/** Sums of a field over the last `n` days of a series (the series ends today). */
export function lastDays(points: DayPoint[], n: number, field: 'optIns' | 'optOuts' | 'messagesSent'): number {
  return points.slice(-n).reduce((sum, p) => sum + p[field], 0);
}
