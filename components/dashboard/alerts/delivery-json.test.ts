import { describe, expect, it } from 'vitest';
import type { AlertReport } from '@/lib/alerts/get-alert-report';
import { shouldPoll, toDeliveryJson } from './delivery-json';

const published = new Date('2026-11-30T08:00:00Z');

function report(over: Partial<AlertReport> = {}): AlertReport {
  return {
    alertId: '11111111-1111-4111-8111-111111111111',
    status: 'SENDING',
    publishedAt: published,
    completedAt: null,
    recipients: 10,
    progress: {
      alertId: '11111111-1111-4111-8111-111111111111',
      alertStatus: 'SENDING',
      total: 10,
      counts: { queued: 3, sending: 1, sent: 2, delivered: 2, read: 1, failed: 1, skipped: 0, cancelled: 0 },
      failures: [{ code: 131026, label: 'Numero non raggiungibile su WhatsApp', count: 1 }],
      skipped: [],
      waiting: null,
      pausedReason: null,
      publishing: false,
      done: false,
    },
    delivered: 3,
    percentDone: 60,
    optOuts: { windowStart: published, windowEnd: new Date(published.getTime() + 24 * 3600_000), total: 2, amongRecipients: 1 },
    ...over,
  };
}

describe('toDeliveryJson', () => {
  it('carries the figures the progress bar and the report show, dates as ISO strings', () => {
    const j = toDeliveryJson(report(), new Date('2026-11-30T09:00:00Z'));
    expect(j).toMatchObject({ status: 'SENDING', statusLabel: 'In invio', percent: 60, total: 10, finished: 6, done: false });
    expect(j.failures).toEqual([{ label: 'Numero non raggiungibile su WhatsApp', count: 1 }]);
    expect(j.optOuts).toEqual({ total: 2, amongRecipients: 1, windowEnd: '2026-12-01T08:00:00.000Z', closed: false });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('closes the opt-out window 24 hours after publishing', () => {
    expect(toDeliveryJson(report(), new Date('2026-12-01T08:00:00Z')).optOuts?.closed).toBe(true);
  });
});

describe('shouldPoll', () => {
  const at = (status: string, completedAt: string | null) =>
    toDeliveryJson(report({ status, completedAt: completedAt ? new Date(completedAt) : null }), published);

  it('polls while sending or paused, and for ten minutes after completion (statuses keep coming)', () => {
    const t = Date.parse('2026-11-30T08:30:00Z');
    expect(shouldPoll(at('SENDING', null), t)).toBe(true);
    expect(shouldPoll(at('PAUSED', null), t)).toBe(true);
    expect(shouldPoll(at('SENT', '2026-11-30T08:25:00Z'), t)).toBe(true);
    expect(shouldPoll(at('SENT', '2026-11-30T08:15:00Z'), t)).toBe(false);
    // Just stopped: 4 deliveries still queued or claimed, given back within a second or two.
    expect(shouldPoll(at('CANCELLED', null), t)).toBe(true);
    const settled = { ...at('CANCELLED', null), counts: { ...at('CANCELLED', null).counts, queued: 0, sending: 0 } };
    expect(shouldPoll(settled, t)).toBe(false);
    expect(shouldPoll({ ...at('CANCELLED', null), publishedAt: null }, t)).toBe(false);
  });
});
