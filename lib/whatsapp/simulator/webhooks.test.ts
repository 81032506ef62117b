/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signPayload } from '../signature';
import { metaStringify } from './meta-json';
import { TEST_IDS, eventually, startHarness, type Harness } from './test-support';
import type { InboundSpec } from './types';

const DIGITS = '393331234567';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.receiver.received.length = 0;
  h.sim.reset();
});

async function inbound(spec: InboundSpec): Promise<{ wamid: string; json: any; raw: string }> {
  const before = h.receiver.received.length;
  const { wamid, webhookStatus } = await h.sim.phoneSends(DIGITS, spec);
  expect(webhookStatus).toBe(200);
  const got = (await h.receiver.waitFor((all) => all.length > before))[before]!;
  expect(got.signatureValid).toBe(true);
  return { wamid, json: got.json, raw: got.raw.toString('utf8') };
}

const message = (json: any) => json.entry[0].changes[0].value.messages[0];

describe('Meta JSON serialisation', () => {
  it('escapes non-ASCII as lowercase \\uXXXX (surrogate pairs for emoji) and "/" as "\\/"', () => {
    expect(metaStringify({ a: 'Niccolò 😀', b: 'image/jpeg' })).toBe('{"a":"Niccol\\u00f2 \\ud83d\\ude00","b":"image\\/jpeg"}');
    expect(JSON.parse(metaStringify({ a: 'è€😀\u2028' }))).toEqual({ a: 'è€😀\u2028' });
  });
});

describe('inbound message webhooks', () => {
  it('posts a text message in Meta shape, signed over the raw escaped bytes', async () => {
    const { wamid, json, raw } = await inbound({ type: 'text', text: 'Iscrivimi Niccolò 😀', profileName: 'Niccolò Rossi' });
    expect(raw).toContain('Iscrivimi Niccol\\u00f2 \\ud83d\\ude00');
    expect(raw).not.toContain('ò');
    const got = h.receiver.received.at(-1)!;
    expect(got.contentType).toBe('application/json');
    expect(got.signature).toBe(signPayload(got.raw, TEST_IDS.appSecret));
    // Re-serialised JSON would not verify: the app must hash the raw bytes.
    expect(signPayload(JSON.stringify(json), TEST_IDS.appSecret)).not.toBe(got.signature);
    const m = message(json);
    expect(json).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: TEST_IDS.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: TEST_IDS.displayPhoneNumber, phone_number_id: TEST_IDS.phoneNumberId },
                contacts: [{ profile: { name: 'Niccolò Rossi' }, wa_id: DIGITS, user_id: expect.stringMatching(/^IT\.\d{19}$/) }],
                messages: [{ from: DIGITS, id: wamid, timestamp: m.timestamp, type: 'text', text: { body: 'Iscrivimi Niccolò 😀' } }],
              },
            },
          ],
        },
      ],
    });
    expect(m.timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(m.timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('username users arrive without a phone number', async () => {
    const { json } = await inbound({ type: 'text', text: 'Ciao', username: '@mario', profileName: 'Mario' });
    const value = json.entry[0].changes[0].value;
    expect(value.contacts[0]).toEqual({ profile: { name: 'Mario', username: '@mario' }, user_id: expect.stringMatching(/^IT\./) });
    expect(value.messages[0].from).toBeUndefined();
    expect(value.messages[0].from_user_id).toBe(value.contacts[0].user_id);
    expect(value.contacts[0].wa_id).toBeUndefined();
  });

  it('interactive replies and template buttons carry context.id', async () => {
    const ctx = 'wamid.CONTEXT';
    const list = message((await inbound({ type: 'list_reply', id: 'viab', title: 'Viabilità', description: 'Strade', contextId: ctx })).json);
    expect(list).toMatchObject({
      context: { from: TEST_IDS.displayPhoneNumber, id: ctx },
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'viab', title: 'Viabilità', description: 'Strade' } },
    });
    const button = message((await inbound({ type: 'button_reply', id: 'si', title: 'Sì', contextId: ctx })).json);
    expect(button.interactive).toEqual({ type: 'button_reply', button_reply: { id: 'si', title: 'Sì' } });
    const quick = message((await inbound({ type: 'button', payload: 'stop', text: 'Cancellami', contextId: ctx })).json);
    expect(quick).toMatchObject({ context: { id: ctx }, type: 'button', button: { payload: 'stop', text: 'Cancellami' } });
  });

  it('media, location, contacts, reaction and unsupported messages', async () => {
    const image = message((await inbound({ type: 'image', caption: 'Buca in strada' })).json);
    expect(image.image).toEqual({ caption: 'Buca in strada', mime_type: 'image/jpeg', sha256: expect.any(String), id: expect.stringMatching(/^\d+$/) });
    const doc = message((await inbound({ type: 'document' })).json);
    expect(doc.document).toMatchObject({ filename: 'documento.pdf', mime_type: 'application/pdf' });
    expect(message((await inbound({ type: 'audio' })).json).audio).toMatchObject({ mime_type: 'audio/ogg; codecs=opus', voice: true });
    expect(message((await inbound({ type: 'sticker' })).json).sticker).toMatchObject({ mime_type: 'image/webp', animated: false });
    expect(message((await inbound({ type: 'video' })).json).video).toMatchObject({ mime_type: 'video/mp4' });
    const loc = message((await inbound({ type: 'location', latitude: 45.88, longitude: 12.29, name: 'Municipio' })).json);
    expect(loc.location).toEqual({ latitude: 45.88, longitude: 12.29, name: 'Municipio' });
    const contacts = message((await inbound({ type: 'contacts', name: 'Mario Rossi', phone: '+39 333 1234567' })).json);
    expect(contacts.contacts[0]).toEqual({
      name: { formatted_name: 'Mario Rossi', first_name: 'Mario', last_name: 'Rossi' },
      phones: [{ phone: '+39 333 1234567', wa_id: '393331234567', type: 'CELL' }],
    });
    const reaction = message((await inbound({ type: 'reaction', messageId: 'wamid.X', emoji: '👍' })).json);
    expect(reaction.reaction).toEqual({ message_id: 'wamid.X', emoji: '👍' });
    const unsupported = message((await inbound({ type: 'unsupported' })).json);
    expect(unsupported.type).toBe('unsupported');
    expect(unsupported.errors[0].code).toBe(131051);
  });

  it('rejects an unusable spec', async () => {
    await expect(h.sim.phoneSends(DIGITS, { type: 'text', text: '' })).rejects.toThrow(/text is required/);
    await expect(h.sim.phoneSends('12', { type: 'text', text: 'x' })).rejects.toThrow(/7 to 15 digits/);
  });
});

describe('webhook delivery', () => {
  it('retries with backoff when the app answers non-2xx', async () => {
    h.receiver.failNext(500, 503);
    const { webhookStatus } = await h.sim.phoneSends(DIGITS, { type: 'text', text: 'riprova' });
    expect(webhookStatus).toBe(500);
    await h.receiver.waitFor((all) => all.length === 1);
    await eventually(() => expect(h.sim.stats().webhooks).toMatchObject({ posted: 1, failed: 2, retried: 2, gaveUp: 0 }));
  });

  it('survives an app that is down', async () => {
    const lonely = await startHarness({ webhookUrl: 'http://127.0.0.1:9/none', knobs: { webhookMaxAttempts: 2 } });
    try {
      const { webhookStatus } = await lonely.sim.phoneSends(DIGITS, { type: 'text', text: 'nessuno' });
      expect(webhookStatus).toBe(0);
      await eventually(() => expect(lonely.sim.stats().webhooks).toMatchObject({ posted: 0, failed: 2, gaveUp: 1 }));
    } finally {
      await lonely.close();
    }
  });
});
