import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getDailySeries } from '../stats/get-daily-series';
import { addDays, daysFrom, isCalendarDay, romeDay, romeDayStart } from './rome-days';

/**
 * Days are Europe/Rome calendar days on both sides: the database buckets ledger entries with
 * `AT TIME ZONE 'Europe/Rome'`, the code names days with Intl. They must agree at midnight and on
 * the two DST switches of 2026 (29 March: a 23-hour day; 25 October: a 25-hour day).
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

async function optInsAt(instants: string[]): Promise<void> {
  await ctx.db.consentEvent.createMany({
    data: instants.map((at, i) => ({ phoneHmac: `h${at}${i}`, action: 'OPT_IN' as const, channel: 'WHATSAPP' as const, createdAt: new Date(at) })),
  });
}

const perDay = async (from: string, to: string) =>
  Object.fromEntries((await getDailySeries(ctx, { from, to, now: new Date('2026-11-29T10:00:00Z') })).days.map((d) => [d.date, d.optIns]));

describe('Rome days', () => {
  it('names days in Rome time', () => {
    expect(romeDay(new Date('2026-11-28T22:59:59Z'))).toBe('2026-11-28');
    expect(romeDay(new Date('2026-11-28T23:00:00Z'))).toBe('2026-11-29');
    expect(romeDay(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(romeDay(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect([isCalendarDay('2026-02-29'), isCalendarDay('2028-02-29'), isCalendarDay('2026-1-01')]).toEqual([false, true, false]);
  });

  it('counts the 25-hour day of October whole, and nothing of its neighbours', async () => {
    await optInsAt([
      '2026-10-24T21:59:00Z', // 23:59 summer time, the 24th
      '2026-10-24T22:00:00Z', // 00:00, the 25th
      '2026-10-25T00:30:00Z', // 02:30 summer time
      '2026-10-25T01:30:00Z', // 02:30 again, winter time
      '2026-10-25T22:59:00Z', // 23:59 winter time, still the 25th
      '2026-10-25T23:00:00Z', // 00:00, the 26th
    ]);
    expect(await perDay('2026-10-24', '2026-10-26')).toEqual({ '2026-10-24': 1, '2026-10-25': 4, '2026-10-26': 1 });
  });

  it('counts the 23-hour day of March, and nothing of its neighbours', async () => {
    await optInsAt(['2026-03-28T22:59:00Z', '2026-03-28T23:00:00Z', '2026-03-29T21:59:00Z', '2026-03-29T22:00:00Z']);
    expect(await perDay('2026-03-28', '2026-03-30')).toEqual({ '2026-03-28': 1, '2026-03-29': 2, '2026-03-30': 1 });
  });
});

describe('romeDayStart', () => {
  it('is local midnight in Rome, winter and summer', () => {
    expect(romeDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(romeDayStart('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(romeDayStart('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(romeDayStart('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(romeDayStart('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});
