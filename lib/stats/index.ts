/**
 * Statistics: the public API of lib/stats. Stable signatures (the REST API and the pages call them):
 *
 *   getStatsOverview(ctx: AppContext, input: { actor: Actor; now?: Date; days?: 30 | 90 }): Promise<StatsOverview>
 *     Everything the Panoramica and Statistiche pages show: subscribers by status, opt-ins and
 *     opt-outs today / last 7 / last 30 Europe/Rome days, a per-day series of the last `days` days
 *     (opt-ins, opt-outs, active at the end of the day, messages sent), active subscribers per topic
 *     and per source, messages sent in the last 7 days and per active subscriber, launch progress.
 *     Needs a staff actor (VIEWER or more). `now` defaults to ctx.now().
 *
 *   getDailySeries(ctx: Pick<AppContext, 'pool' | 'now'>, input: { from: string; to: string; now?: Date }): Promise<DailySeries>
 *     For `GET /api/v1/stats`: `from`/`to` are Europe/Rome days `YYYY-MM-DD`, both included, at most
 *     400 days; `to` after today is cut to today. Returns `{ from, to, today, totals: { active,
 *     pending, unsubscribed }, days: [{ date, optIns, optOuts, active, messagesSent }] }`.
 *     No actor: aggregates only, the route authorises. Throws AppError('invalid_input') with
 *     fieldErrors for a bad range (`dailySeriesInputSchema` is the same check, for the route).
 *
 *   exportStatsCsv(ctx: AppContext, input: { actor: Actor; days: number }): Promise<{ filename; csv; rows }>
 *     The last `days` days of getDailySeries as a `;`-separated CSV (lib/http/csv.ts) for the
 *     statistics page's download; any staff role; audited as `export`.
 *
 * Every figure comes from the `stat_deltas` rollup kept by database triggers (README.md), so each
 * call reads a few hundred small rows whatever the number of subscribers: `npm run bench:stats`
 * measures them at 1,000,000 subscribers.
 */
export { getMonthSpend, type MonthSpend, type SpendLine } from './get-month-spend';
export { getStatsOverview, SERIES_LENGTHS, type SeriesLength, type StatsOverview, type Windows } from './get-stats-overview';
export { getDailySeries, dailySeriesInputSchema, MAX_SERIES_DAYS, type DailySeries, type DailySeriesInput, type SubscriberTotals } from './get-daily-series';
export { compactStatDeltas, countActiveSubscribers, rebuildStatDeltas, type SourceName, type StatusName } from './counters';
export type { DayPoint } from './series';
export { exportStatsCsv, STATS_CSV_HEADER } from './export-stats-csv';
