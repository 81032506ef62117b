import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, type GraphClient } from '../client';
import { businessUserId } from './meta-json';
import { ALERT_TEMPLATE, startHarness, type Harness } from './test-support';
import { DEFAULT_KNOBS } from './types';

let h: Harness;
let client: GraphClient;
let seq = 0;
/** A fresh recipient per test keeps windows and statuses apart without waiting. */
const fresh = () => `39333${String(1_000_000 + ++seq).slice(-7)}`;

beforeAll(async () => {
  h = await startHarness({ templates: [ALERT_TEMPLATE] });
  client = createGraphClient(h.config);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sim.webhooksIdle();
  h.sim.reset();
  h.sim.setKnobs({ statusBatchMax: 10, readFraction: 1, notOnWhatsApp: [], maxPerSecond: null });
  h.receiver.received.length = 0;
});

const statusesFor = (wamid: string) => h.receiver.statuses().filter((s) => s.id === wamid);
const waitStatuses = (wamid: string, n: number) => h.receiver.waitFor(() => statusesFor(wamid).length >= n);

describe('status webhooks', () => {
  it('sends sent, delivered and read for a reply inside the window, free of charge', async () => {
    const to = fresh();
    await h.sim.phoneSends(to, { type: 'text', text: 'Aiuto' });
    const { wamid } = await client.sendText(`+${to}`, 'Ecco come funziona');
    await waitStatuses(wamid, 3);
    // Concurrent POSTs may land out of order, as with Meta: compare as a set.
    const got = ['sent', 'delivered', 'read'].map((kind) => statusesFor(wamid).find((s) => s.status === kind));
    expect(got[0]).toEqual({
      id: wamid,
      status: 'sent',
      timestamp: expect.stringMatching(/^\d{10}$/),
      recipient_id: to,
      recipient_user_id: expect.stringMatching(/^IT\./),
      conversation: { id: expect.any(String), expiration_timestamp: expect.stringMatching(/^\d{10}$/), origin: { type: 'service' } },
      pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
    });
    expect(got[1].pricing).toMatchObject({ billable: false });
    expect(got[2].pricing).toBeUndefined();
    expect(h.sim.messagesFor(to).find((m) => m.id === wamid)?.status).toBe('read');
    for (const r of h.receiver.received) expect(r.signatureValid).toBe(true);
  });

  it('a send by `recipient` (username-only user) gets statuses with recipient_user_id and no recipient_id', async () => {
    const to = fresh();
    await h.sim.phoneSends(to, { type: 'text', text: 'Aiuto', username: '@utente' });
    const userId = businessUserId(h.config.wabaId, to);
    const { wamid } = await client.sendText(userId, 'Ecco come funziona');
    await waitStatuses(wamid, 3);
    for (const st of statusesFor(wamid)) {
      expect(st).toMatchObject({ id: wamid, recipient_user_id: userId });
      expect(st).not.toHaveProperty('recipient_id');
    }
  });

  it('bills a utility template sent outside the window', async () => {
    const to = fresh();
    const { wamid } = await client.sendTemplate(`+${to}`, { name: 'avviso_comune', language: 'it', bodyParams: ['Meteo', 'Allerta gialla'] });
    await waitStatuses(wamid, 1);
    expect(statusesFor(wamid)[0].pricing).toEqual({ billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' });
  });

  it('posts each status alone by default, as Meta does', async () => {
    h.sim.setKnobs({ statusBatchMax: DEFAULT_KNOBS.statusBatchMax, readFraction: 1 });
    const to = Array.from({ length: 5 }, fresh);
    await Promise.all(to.map((d) => client.sendTemplate(`+${d}`, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'b'] })));
    await h.receiver.waitFor(() => h.receiver.statuses().length >= 15);
    const sizes = h.receiver.received.map((r) => r.json.entry[0].changes[0].value.statuses.length);
    expect(sizes).toEqual(Array.from({ length: 15 }, () => 1));
    expect(h.sim.stats().statusPosts.total).toBe(15);
  });

  it('batches statuses: several per POST, never more than statusBatchMax', async () => {
    h.sim.setKnobs({ statusBatchMax: 4, readFraction: 0 });
    const to = Array.from({ length: 10 }, fresh);
    const sent = await Promise.all(to.map((d) => client.sendTemplate(`+${d}`, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'b'] })));
    await h.receiver.waitFor(() => h.receiver.statuses().length >= 20);
    const sizes = h.receiver.received.map((r) => r.json.entry[0].changes[0].value.statuses.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    for (const { wamid } of sent)
      expect(
        statusesFor(wamid)
          .map((s) => s.status)
          .sort(),
      ).toEqual(['delivered', 'sent']);
    expect(h.sim.stats().statuses).toMatchObject({ sent: 10, delivered: 10, read: 0 });
  });

  it('numbers not on WhatsApp are accepted, then fail with 131026', async () => {
    const to = fresh();
    h.sim.setKnobs({ notOnWhatsApp: [to] });
    const { wamid } = await client.sendTemplate(`+${to}`, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'b'] });
    await waitStatuses(wamid, 1);
    await new Promise((r) => setTimeout(r, 40));
    const got = statusesFor(wamid);
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual({
      id: wamid,
      status: 'failed',
      timestamp: expect.any(String),
      recipient_id: to,
      recipient_user_id: expect.any(String),
      errors: [
        {
          code: 131026,
          title: 'Message undeliverable',
          message: 'Message undeliverable',
          error_data: { details: expect.any(String) },
          href: expect.stringContaining('error-codes'),
        },
      ],
    });
    expect(h.sim.stats().failedByCode).toEqual({ 131026: 1 });
  });

  it('free-form text outside the 24-hour window is accepted, then fails with 131047', async () => {
    const to = fresh();
    const { wamid } = await client.sendText(`+${to}`, 'Nessuna finestra aperta');
    await waitStatuses(wamid, 1);
    const [failed] = statusesFor(wamid);
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
    expect(h.sim.messagesFor(to).at(-1)).toMatchObject({ status: 'failed', error: { code: 131047 } });
  });
});

describe('statistics', () => {
  it('counts accepted sends per epoch second, per recipient and in the busiest 1 s window', async () => {
    const to = fresh();
    const start = Math.floor(Date.now() / 1000);
    await Promise.all(Array.from({ length: 25 }, () => client.sendTemplate(`+${to}`, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'b'] })));
    await client.sendTemplate(`+${fresh()}`, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'b'] });
    const end = Math.floor(Date.now() / 1000);
    const stats = h.sim.stats();
    expect(stats.acceptedSends).toBe(26);
    const seconds = Object.keys(stats.perSecond).map(Number);
    expect(Object.values(stats.perSecond).reduce((a, b) => a + b, 0)).toBe(26);
    for (const s of seconds) expect(s >= start && s <= end).toBe(true);
    expect(stats.maxWindow1s).toBe(26);
    expect(stats.distinctRecipients).toBe(2);
    expect(stats.duplicateRecipients).toEqual({ [to]: 25 });
    expect(stats.duplicateRecipientsCount).toBe(1);
  });

  it('keeps the sliding window at maxPerSecond exactly', async () => {
    h.sim.setKnobs({ maxPerSecond: 5 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.sendText(`+${fresh()}`, 'x')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const stats = h.sim.stats();
    expect(stats.maxWindow1s).toBe(5);
    expect(stats.errorsByCode).toEqual({ 130429: 7 });
  });
});
