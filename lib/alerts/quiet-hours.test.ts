import { describe, expect, it } from 'vitest';
import { computeReleaseAt, isInQuietHours, releaseAfterQuietHours } from './quiet-hours';
import { formatRome, parseDateTimeInput, romeLocalToUtc, toRomeInputValue } from '../time/rome-time';

const q = { quietHoursStart: '22:00', quietHoursEnd: '07:00' };
const at = (iso: string) => new Date(iso);

describe('Europe/Rome conversions', () => {
  it('reads a datetime-local value as Rome time, winter and summer', () => {
    expect(parseDateTimeInput('2026-11-30T08:00')!.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(parseDateTimeInput('2026-07-01T08:00')!.toISOString()).toBe('2026-07-01T06:00:00.000Z');
  });

  it('keeps an ISO instant with an offset as it is, and refuses impossible dates', () => {
    expect(parseDateTimeInput('2026-11-30T08:00:00Z')!.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(parseDateTimeInput('2026-11-30T08:00:00+01:00')!.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(parseDateTimeInput('2026-02-29T08:00')).toBeNull();
    expect(parseDateTimeInput('domani')).toBeNull();
  });

  it('handles the DST switches: the skipped hour moves forward, the repeated one takes summer time', () => {
    expect(romeLocalToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(romeLocalToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('formats for staff and for the form', () => {
    expect(toRomeInputValue(at('2026-11-30T06:00:00Z'))).toBe('2026-11-30T07:00');
    expect(formatRome(at('2026-11-30T06:00:00Z'))).toBe('lunedì 30 novembre 2026 alle 07:00');
  });
});

describe('quiet hours', () => {
  it('knows when they are on (Rome time, across midnight)', () => {
    expect(isInQuietHours(at('2026-11-29T20:59:00Z'), q)).toBe(false); // 21:59
    expect(isInQuietHours(at('2026-11-29T21:00:00Z'), q)).toBe(true); // 22:00
    expect(isInQuietHours(at('2026-11-30T05:59:00Z'), q)).toBe(true); // 06:59
    expect(isInQuietHours(at('2026-11-30T06:00:00Z'), q)).toBe(false); // 07:00
    expect(isInQuietHours(at('2026-11-30T12:00:00Z'), { quietHoursStart: '07:00', quietHoursEnd: '07:00' })).toBe(false);
  });

  it('holds a normal alert at 22:30 until 07:00 the next day', () => {
    expect(releaseAfterQuietHours(at('2026-11-29T21:30:00Z'), q).toISOString()).toBe('2026-11-30T06:00:00.000Z');
  });

  it('holds an alert after midnight until 07:00 the same day', () => {
    expect(releaseAfterQuietHours(at('2026-11-30T02:15:00Z'), q).toISOString()).toBe('2026-11-30T06:00:00.000Z');
  });

  it('gets the morning right across both DST switches', () => {
    // 22:30 CET on Saturday 28 March -> 07:00 CEST on Sunday 29 March (05:00 UTC).
    expect(releaseAfterQuietHours(at('2026-03-28T21:30:00Z'), q).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // 22:30 CEST on Saturday 24 October -> 07:00 CET on Sunday 25 October (06:00 UTC).
    expect(releaseAfterQuietHours(at('2026-10-24T20:30:00Z'), q).toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('lets an urgent alert through at once', () => {
    const night = at('2026-11-29T22:00:00Z');
    expect(computeReleaseAt(night, 'URGENT', q)).toEqual(night);
    expect(computeReleaseAt(night, 'NORMAL', q).toISOString()).toBe('2026-11-30T06:00:00.000Z');
  });

  it('supports a same-day window', () => {
    const lunch = { quietHoursStart: '13:00', quietHoursEnd: '15:00' };
    expect(releaseAfterQuietHours(at('2026-11-30T12:30:00Z'), lunch).toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });
});
