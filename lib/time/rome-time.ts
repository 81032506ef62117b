/**
 * Europe/Rome wall-clock time without a date library: Intl knows the time-zone rules (including
 * the DST switches), so conversions stay right on the last Sundays of March and October.
 * Editors always think in Rome time; the database stores UTC instants.
 */
export const TIME_ZONE = 'Europe/Rome';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock reading in Rome at an instant. */
export function romeParts(at: Date): LocalDateTime & { second: number } {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** Rome's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetMs(at: Date): number {
  const p = romeParts(at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which Rome's clocks show `local`. A time skipped by the spring-forward switch
 * (02:30 on the last Sunday of March) maps to the same distance after the switch (03:30); a time
 * that happens twice in October takes the first (summer-time) occurrence.
 */
export function romeLocalToUtc(local: LocalDateTime): Date {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const DAY = 86_400_000;
  // The offsets a day before and a day after cover both sides of any switch (they are months apart).
  const before = naive - offsetMs(new Date(naive - DAY));
  const after = naive - offsetMs(new Date(naive + DAY));
  const valid = [before, after].filter((ms) => romeMatches(ms, local));
  // Skipped hour: no reading matches; the offset in force before the gap moves it forward.
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

function romeMatches(ms: number, l: LocalDateTime): boolean {
  const p = romeParts(new Date(ms));
  return p.year === l.year && p.month === l.month && p.day === l.day && p.hour === l.hour && p.minute === l.minute;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A date-time as the form or the API gives it: `2026-11-30T08:00` (a datetime-local field: Rome
 * time) or an ISO 8601 instant with `Z` or an offset (the API). Null when it is neither or when the
 * calendar date does not exist.
 */
export function parseDateTimeInput(text: string): Date | null {
  const s = text.trim();
  if (WITH_OFFSET.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = LOCAL_INPUT.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return romeLocalToUtc({ year, month, day, hour, minute });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` in Rome time: the value of a datetime-local field. */
export function toRomeInputValue(at: Date): string {
  const p = romeParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

const longFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "lunedì 30 novembre 2026 alle 07:00" — for messages to staff. */
export function formatRome(at: Date): string {
  const parts = longFormat.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} alle ${get('hour')}:${get('minute')}`;
}
