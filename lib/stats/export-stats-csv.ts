import { assertRole, type Actor } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { toCsv } from '../http/csv';
import { addDays, romeDay } from '../time/rome-days';
import { getDailySeries } from './get-daily-series';

export const STATS_CSV_HEADER = ['Giorno', 'Iscrizioni', 'Cancellazioni', 'Iscritti attivi a fine giornata', 'Messaggi inviati'] as const;

/**
 * The statistics page's daily series as CSV (lib/http/csv.ts): one row per Europe/Rome day of the
 * last `days` days, oldest first. Aggregates only, for every staff role; audited as an export.
 */
export async function exportStatsCsv(
  ctx: AppContext,
  { actor, days }: { actor: Actor; days: number },
): Promise<{ filename: string; csv: string; rows: number }> {
  assertRole(actor, 'VIEWER');
  const span = Math.min(366, Math.max(1, Math.floor(days)));
  const to = romeDay(ctx.now());
  const from = addDays(to, -(span - 1));
  const series = await getDailySeries(ctx, { from, to });
  const csv = toCsv(
    STATS_CSV_HEADER,
    series.days.map((d) => [d.date, d.optIns, d.optOuts, d.active, d.messagesSent]),
  );
  await recordAudit(ctx, ctx.db, { actor, action: 'export', target: 'statistics', details: { kind: 'statistics', from, to, rows: series.days.length } });
  return { filename: `statistiche-${from}-${to}.csv`, csv, rows: series.days.length };
}
