import { getLaunchProgress, type LaunchProgress } from './get-launch-progress';
import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { readStateCounters, SOURCES, type SourceName } from './counters';
import { totalsOf, type SubscriberTotals } from './get-daily-series';
import { addDays, romeDay } from '../time/rome-days';
import { buildSeries, lastDays, type DayPoint } from './series';

export const SERIES_LENGTHS = [30, 90] as const;
export type SeriesLength = (typeof SERIES_LENGTHS)[number];

export interface Windows {
  today: number;
  last7Days: number;
  last30Days: number;
}

export interface StatsOverview {
  /** Today in Europe/Rome: the last day of the series and of the windows. */
  today: string;
  subscribers: SubscriberTotals & { total: number };
  /** Windows are Rome calendar days ending today: "7 days" = today and the 6 days before. */
  optIns: Windows;
  optOuts: Windows;
  /** The last `days` days, oldest first. */
  series: DayPoint[];
  /** Every topic (position order) with its ACTIVE subscribers. */
  topics: { id: string; slug: string; name: string; enabled: boolean; subscribers: number }[];
  /** ACTIVE subscribers by where they came from. */
  sources: { source: SourceName; subscribers: number }[];
  /** Alert messages accepted by Meta in the last 7 days, and that divided by the active subscribers. */
  messages: { last7Days: number; perSubscriber: number };
  launch: LaunchProgress;
}

/**
 * Everything the overview and statistics pages show, from the rollup (a few hundred rows whatever
 * the number of subscribers) plus the topics and the launch progress.
 */
export async function getStatsOverview(ctx: AppContext, input: { actor: Actor; now?: Date; days?: SeriesLength }): Promise<StatsOverview> {
  assertRole(input.actor, 'VIEWER');
  const today = romeDay(input.now ?? ctx.now());
  const days = input.days ?? 30;
  const span = Math.max(days, 30);
  const countersP = readStateCounters(ctx.pool);
  const [counters, series, topics, launch] = await Promise.all([
    countersP,
    buildSeries(ctx.pool, { from: addDays(today, -(span - 1)), to: today, activeNow: countersP.then((c) => totalsOf(c).active) }),
    ctx.db.topic.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, slug: true, name: true, active: true } }),
    getLaunchProgress(ctx, { actor: input.actor }),
  ]);
  const totals = totalsOf(counters);
  const windows = (field: 'optIns' | 'optOuts'): Windows => ({
    today: lastDays(series, 1, field),
    last7Days: lastDays(series, 7, field),
    last30Days: lastDays(series, 30, field),
  });
  const sent7 = lastDays(series, 7, 'messagesSent');
  return {
    today,
    subscribers: { ...totals, total: totals.active + totals.pending + totals.unsubscribed },
    optIns: windows('optIns'),
    optOuts: windows('optOuts'),
    series: series.slice(-days),
    topics: topics.map((t) => ({ id: t.id, slug: t.slug, name: t.name, enabled: t.active, subscribers: counters.topics.get(t.id) ?? 0 })),
    sources: SOURCES.map((source) => ({ source, subscribers: counters.subscribers.ACTIVE[source] })),
    messages: { last7Days: sent7, perSubscriber: totals.active === 0 ? 0 : Math.round((sent7 / totals.active) * 100) / 100 },
    launch,
  };
}
