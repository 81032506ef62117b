import { z } from 'zod';
import type { AppContext } from '../context';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import { readStateCounters, type Queryable, type StateCounters } from './counters';
import { romeDay } from '../time/rome-days';
import { buildSeries, type DayPoint } from './series';

/** What the REST API (and anyone) may ask: Rome calendar days, both included, at most MAX_DAYS. */
export const MAX_SERIES_DAYS = 400;

export const dailySeriesInputSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['from'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < MAX_SERIES_DAYS, {
    message: `at most ${MAX_SERIES_DAYS} days`,
    path: ['to'],
  });

export type DailySeriesInput = z.infer<typeof dailySeriesInputSchema>;

export interface SubscriberTotals {
  active: number;
  pending: number;
  unsubscribed: number;
}

export interface DailySeries {
  /** As asked. */
  from: string;
  /** As asked, or today when asked for later days (the future has no figures). */
  to: string;
  /** Today in Europe/Rome when computed. */
  today: string;
  /** Now, not per day. */
  totals: SubscriberTotals;
  days: DayPoint[];
}

export function totalsOf(c: StateCounters): SubscriberTotals {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return { active: sum(c.subscribers.ACTIVE), pending: sum(c.subscribers.PENDING), unsubscribed: sum(c.subscribers.UNSUBSCRIBED) };
}

/**
 * Per-day opt-ins, opt-outs, active subscribers and messages sent between two Europe/Rome days,
 * plus today's totals. No actor: the figures are aggregates with no personal data; the caller
 * (a dashboard page or the API route) authorises. Throws AppError('invalid_input').
 */
export async function getDailySeries(ctx: Pick<AppContext, 'pool' | 'now'>, input: { from: string; to: string; now?: Date }): Promise<DailySeries> {
  const parsed = dailySeriesInputSchema.safeParse({ from: input.from, to: input.to });
  if (!parsed.success) {
    throw invalidInput(`Intervallo di date non valido (AAAA-MM-GG, al massimo ${MAX_SERIES_DAYS} giorni).`, fieldErrorsFromZod(parsed.error));
  }
  const today = romeDay(input.now ?? ctx.now());
  const { from } = parsed.data;
  const to = parsed.data.to > today ? today : parsed.data.to;
  return seriesWithTotals(ctx.pool, { from, to, today });
}

export async function seriesWithTotals(db: Queryable, a: { from: string; to: string; today: string }): Promise<DailySeries> {
  const counters = readStateCounters(db);
  const totals = counters.then(totalsOf);
  const days = a.from <= a.to ? await buildSeries(db, { from: a.from, to: a.to, activeNow: totals.then((t) => t.active) }) : [];
  return { from: a.from, to: a.to, today: a.today, totals: await totals, days };
}
