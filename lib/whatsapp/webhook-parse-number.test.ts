import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from './webhook-parse';

/** The number's quality and messaging limit webhooks, in the shapes of Meta's reference pages. */
const envelope = (field: string, value: unknown, time = 1748454394) =>
  JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time, changes: [{ value, field }] }] });

const events = (body: string) => {
  const r = parseWebhookBody(body);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('phone_number_quality_update and business_capability_update', () => {
  it('reads a FLAGGED event with the limit in max_daily_conversations_per_business (2026 shape)', () => {
    const r = events(
      envelope('phone_number_quality_update', {
        display_phone_number: '15550783881',
        event: 'FLAGGED',
        current_limit: 'TIER_10K',
        max_daily_conversations_per_business: 'TIER_2K',
      }),
    );
    expect(r.skipped).toEqual([]);
    expect(r.events).toEqual([
      {
        kind: 'number_health',
        dedupeKey: 'number:phone_number_quality_update:FLAGGED:TIER_2K:1748454394',
        field: 'phone_number_quality_update',
        displayNumber: '15550783881',
        event: 'FLAGGED',
        limit: 'TIER_2K',
        timestamp: new Date(1748454394 * 1000),
      },
    ]);
  });

  it('falls back to the deprecated current_limit on limit events, never on a throughput upgrade', () => {
    const down = events(
      envelope('phone_number_quality_update', { display_phone_number: '15550783881', event: 'DOWNGRADE', old_limit: 'TIER_10K', current_limit: 'TIER_2K' }),
    );
    expect(down.events[0]).toMatchObject({ event: 'DOWNGRADE', limit: 'TIER_2K' });
    // Meta's own example: current_limit here is the throughput level, not the messaging limit.
    const up = events(
      envelope('phone_number_quality_update', { display_phone_number: '15550783881', event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_UNLIMITED' }),
    );
    expect(up.events[0]).toMatchObject({ event: 'THROUGHPUT_UPGRADE', limit: null });
    const unflagged = events(envelope('phone_number_quality_update', { display_phone_number: '15550783881', event: 'UNFLAGGED' }));
    expect(unflagged.events[0]).toMatchObject({ event: 'UNFLAGGED', limit: null });
  });

  it('reads business_capability_update counts (-1 = unlimited) and ignores one without a messaging limit', () => {
    const r = events(
      envelope('business_capability_update', {
        max_daily_conversation_per_phone: 2000,
        max_daily_conversations_per_business: 10000,
        max_phone_numbers_per_business: 2,
      }),
    );
    expect(r.events[0]).toMatchObject({ kind: 'number_health', field: 'business_capability_update', limit: 'TIER_10K', event: null, displayNumber: null });
    expect(events(envelope('business_capability_update', { max_daily_conversation_per_phone: -1 })).events[0]).toMatchObject({ limit: 'TIER_UNLIMITED' });
    expect(events(envelope('business_capability_update', { max_phone_numbers_per_waba: 2 })).events).toEqual([]);
  });

  it('skips a quality update without its event, keeping the rest of the POST', () => {
    const r = events(envelope('phone_number_quality_update', { display_phone_number: '15550783881' }));
    expect(r.events).toEqual([]);
    expect(r.skipped).toEqual([{ reason: 'invalid:event', path: 'entry[0].changes[0].value' }]);
  });
});
