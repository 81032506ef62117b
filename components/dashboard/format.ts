/** Dates as staff read them: Italian, Europe/Rome, whatever the server's time zone. */
export function formatRome(d: Date, what: 'datetime' | 'date' | 'time' = 'datetime'): string {
  const opts: Intl.DateTimeFormatOptions =
    what === 'date' ? { dateStyle: 'medium' } : what === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat('it-IT', { ...opts, timeZone: 'Europe/Rome' }).format(d);
}
