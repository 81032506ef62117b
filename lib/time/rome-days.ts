import { romeLocalToUtc, romeParts } from './rome-time';

/**
 * Calendar days as staff count them: Europe/Rome, written `YYYY-MM-DD`. A day is 23 or 25 hours
 * long on the DST switches; the database buckets by the same rule
 * (`(created_at AT TIME ZONE 'Europe/Rome')::date`), so both sides agree.
 */
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The Rome calendar day of an instant. */
export function romeDay(at: Date): string {
  const p = romeParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `day` moved by `n` calendar days (negative goes back). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (empty when from > to). */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** The instant a calendar day begins in Rome (local midnight, daylight saving time included). */
export function romeDayStart(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return romeLocalToUtc({ year, month, day: date, hour: 0, minute: 0 });
}
