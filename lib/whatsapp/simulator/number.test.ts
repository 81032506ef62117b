/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient } from '../client';
import { parseWebhookBody } from '../webhook-parse';
import { startHarness, TEST_IDS, type Harness } from './test-support';

/** The business number in the simulator: Graph's phone-number fields and Meta's quality webhook. */
let h: Harness;
const post = (body: unknown) => h.control('/number', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const qualityUpdates = () => h.receiver.received.filter((r) => r.json.entry?.[0]?.changes?.[0]?.field === 'phone_number_quality_update');

beforeAll(async () => {
  h = await startHarness({ number: { messagingLimit: 'TIER_2K' } });
});
afterAll(() => h.close());

describe('the phone number in the simulator', () => {
  it('answers GET /<version>/<phone-number-id>?fields=… like Graph, on the current version', async () => {
    const url = `${h.graphUrl}/v27.0/${TEST_IDS.phoneNumberId}?fields=quality_rating,whatsapp_business_manager_messaging_limit,throughput`;
    const r = await fetch(url, { headers: { authorization: `Bearer ${TEST_IDS.accessToken}` } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      quality_rating: 'GREEN',
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
      throughput: { level: 'STANDARD' },
      id: TEST_IDS.phoneNumberId,
    });
    expect((await fetch(url)).status).toBe(401);
    expect(await createGraphClient(h.config).getPhoneNumberHealth()).toEqual({
      qualityRating: 'GREEN',
      messagingLimit: 'TIER_2K',
      throughputLevel: 'STANDARD',
    });
  });

  it('changes quality and limit from the control API and posts phone_number_quality_update in Meta’s shape', async () => {
    expect(await (await post({ qualityRating: 'RED' })).json()).toMatchObject({ qualityRating: 'RED', event: 'FLAGGED', webhookStatus: 200 });
    const [flagged] = await h.receiver.waitFor(() => qualityUpdates().length === 1).then(qualityUpdates);
    expect(flagged!.signatureValid).toBe(true);
    expect(flagged!.json.entry[0].changes[0].value).toEqual({
      display_phone_number: TEST_IDS.displayPhoneNumber,
      event: 'FLAGGED',
      current_limit: 'TIER_2K',
      max_daily_conversations_per_business: 'TIER_2K',
    });
    // The app's parser reads what the simulator posts.
    const parsed = parseWebhookBody(flagged!.raw);
    expect(parsed.ok && parsed.events[0]).toMatchObject({
      kind: 'number_health',
      event: 'FLAGGED',
      limit: 'TIER_2K',
      displayNumber: TEST_IDS.displayPhoneNumber,
    });

    expect((await (await post({ messagingLimit: 'TIER_10K' })).json()).event).toBe('UPGRADE');
    expect((await (await post({ qualityRating: 'YELLOW' })).json()).event).toBe('UNFLAGGED');
    expect((await (await post({ event: 'FLAGGED' })).json()).qualityRating).toBe('RED');
    expect((await (await post({ throughputLevel: 'HIGH' })).json()).event).toBeNull();
    await h.receiver.waitFor(() => qualityUpdates().length === 4);
    expect(qualityUpdates()[1]!.json.entry[0].changes[0].value).toMatchObject({
      event: 'UPGRADE',
      old_limit: 'TIER_2K',
      max_daily_conversations_per_business: 'TIER_10K',
    });
    expect(await (await h.control('/number')).json()).toEqual({ qualityRating: 'RED', messagingLimit: 'TIER_10K', throughputLevel: 'HIGH' });
  });

  it('refuses what Meta would never report', async () => {
    for (const body of [{ qualityRating: 'PURPLE' }, { messagingLimit: 'TIER_3K' }, { event: 'ONBOARDING' }, { nope: 1 }]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(((await r.json()) as any).error.message).toBeTruthy();
    }
  });
});
