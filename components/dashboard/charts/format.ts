/**
 * Numbers and days as Italian staff read them: 1.234 (grouped from the thousands, which Intl's
 * Italian default does not do for 4 digits), 0,67, "5 nov", "giovedì 5 novembre 2026".
 * Days are Europe/Rome calendar days written YYYY-MM-DD (lib/stats).
 */
const int = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 2 });
const short = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const formatNumber = (n: number): string => (Number.isInteger(n) ? int.format(n) : dec.format(n));

/** "5 nov" (axis labels). The date is a calendar day, so UTC keeps it the same day. */
export const formatDayShort = (day: string): string => short.format(new Date(`${day}T00:00:00Z`));

/** "giovedì 5 novembre 2026" (tables). */
export const formatDayLong = (day: string): string => long.format(new Date(`${day}T00:00:00Z`));

/** Chart colours: each at least 3:1 against white for shapes (WCAG 1.4.11), 4.5:1 for text. */
export const CHART_COLORS = {
  primary: '#0066cc', // Bootstrap Italia primary, 5.6:1
  secondary: '#a61d24', // dark red, 7.0:1 (also hatched: never colour alone)
  axis: '#5c6f82', // 5.1:1
  grid: '#d9dadb', // decorative only
  text: '#1a1a1a',
} as const;

/** A round upper bound for an axis and its ticks: 0, 250, 500, 750, 1.000 … */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const rounded = Math.max(1, Math.round(step));
  return { top: rounded * Math.ceil(max / rounded), step: rounded };
}
