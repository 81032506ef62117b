import { romeLocalToUtc, romeParts } from '../time/rome-time';

/**
 * Quiet hours (default 22:00–07:00, Rome time): a normal alert that would go out inside them is
 * held until they end; an urgent one goes at once. Both bounds are "HH:MM"; a window that
 * crosses midnight (start > end) is the usual case, a same-day window (e.g. 13:00–15:00) works too,
 * and start = end means no quiet hours.
 */
export interface QuietHours {
  quietHoursStart: string;
  quietHoursEnd: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export function isInQuietHours(at: Date, q: QuietHours): boolean {
  const start = minutesOf(q.quietHoursStart);
  const end = minutesOf(q.quietHoursEnd);
  if (start === end) return false;
  const p = romeParts(at);
  const now = p.hour * 60 + p.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** When a normal alert due at `at` may start: `at` itself, or the end of the quiet hours it falls in. */
export function releaseAfterQuietHours(at: Date, q: QuietHours): Date {
  if (!isInQuietHours(at, q)) return at;
  const end = minutesOf(q.quietHoursEnd);
  const p = romeParts(at);
  const nowMin = p.hour * 60 + p.minute;
  // Before the end on the same calendar day (e.g. 05:00 with end 07:00): today; otherwise tomorrow.
  const sameDay = nowMin < end;
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + (sameDay ? 0 : 1)));
  return romeLocalToUtc({
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    hour: Math.floor(end / 60),
    minute: end % 60,
  });
}

/** The release time of an alert: urgent ones bypass quiet hours. */
export function computeReleaseAt(at: Date, urgency: 'NORMAL' | 'URGENT', q: QuietHours): Date {
  return urgency === 'URGENT' ? at : releaseAfterQuietHours(at, q);
}
