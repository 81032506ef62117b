import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import { getDailySeries } from '../stats';
import { addDays, romeDay } from '../time/rome-days';
import { MAX_STATS_DAYS, statsQuerySchema, type StatsBody } from './schemas';

const DEFAULT_DAYS = 30;
const QUERY_KEYS = ['from', 'to', 'days'];

/** Query string -> inclusive Rome date range; defaults to the last 30 days ending today. */
export function resolveStatsRange(query: Record<string, string>, now: Date): { from: string; to: string } {
  const unknown = Object.keys(query).filter((k) => !QUERY_KEYS.includes(k));
  if (unknown.length > 0) {
    throw invalidInput('Unknown query parameters.', Object.fromEntries(unknown.map((k) => [k, ['Unknown parameter. Allowed: from, to, days.']])));
  }
  const r = statsQuerySchema.safeParse(query);
  if (!r.success) throw invalidInput('Invalid query parameters.', fieldErrorsFromZod(r.error));
  const q = r.data;
  const to = q.to ?? romeDay(now);
  const from = q.from ?? addDays(to, -((q.days ?? DEFAULT_DAYS) - 1));
  if (from > to) throw invalidInput('Invalid query parameters.', { from: ['"from" must not be after "to" (today, when "to" is omitted).'] });
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (span > MAX_STATS_DAYS) throw invalidInput('Invalid query parameters.', { from: [`At most ${MAX_STATS_DAYS} days per request.`] });
  return { from, to };
}

/**
 * GET /api/v1/stats: subscribers by status now, and per Europe/Rome day the opt-ins, opt-outs and
 * active subscribers at the end of the day (lib/stats getDailySeries; days after today are cut).
 */
export async function getApiStats(ctx: AppContext, { actor, query }: { actor: Actor; query: Record<string, string> }): Promise<StatsBody> {
  assertRole(actor, 'VIEWER');
  assertScope(actor, 'stats:read', 'read the statistics');
  const s = await getDailySeries(ctx, resolveStatsRange(query, ctx.now()));
  return {
    from: s.from,
    to: s.to,
    ...s.totals,
    days: s.days.map((d) => ({ date: d.date, optIns: d.optIns, optOuts: d.optOuts, active: d.active })),
  };
}
