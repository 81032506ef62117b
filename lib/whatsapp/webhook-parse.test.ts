import { describe, expect, it } from 'vitest';
import {
  FIXTURE,
  contactsMessage,
  interactiveButtonReply,
  interactiveListReply,
  locationMessage,
  mediaMessage,
  metaJson,
  orderMessage,
  reactionMessage,
  statusError,
  statusUpdate,
  systemMessage,
  templateButtonReply,
  templateStatusUpdate,
  textMessage,
  unsupportedMessage,
  usernameUserMessage,
  webhookPayload,
  type Json,
  type PayloadSpec,
} from './fixtures';
import { damage, mutate, randomJson, seededRng } from './fixtures/fuzz';
import { parseWebhookBody, parseWebhookPayload, type ParseResult } from './webhook-parse';

/** Parses through the real path: Meta's bytes -> parseWebhookBody. */
function parse(spec: PayloadSpec): Extract<ParseResult, { ok: true }> {
  const result = parseWebhookBody(Buffer.from(metaJson(webhookPayload(spec)), 'utf8'));
  if (!result.ok) throw new Error(`unexpected ${result.error}`);
  return result;
}
const one = (msg: Json) => parse({ messages: [msg] }).events[0];
const content = (msg: Json) => {
  const e = one(msg);
  return e?.kind === 'message' ? e.content : undefined;
};
const E164 = `+${FIXTURE.from}`;

describe('inbound messages', () => {
  it('maps a text message with its sender, contact and metadata', () => {
    const msg = textMessage('Iscrivimi Mario Rossi', { id: 'wamid.TEXT1' });
    expect(parse({ messages: [msg] })).toEqual({
      ok: true,
      skipped: [],
      events: [
        {
          kind: 'message',
          dedupeKey: 'msg:wamid.TEXT1',
          wamid: 'wamid.TEXT1',
          from: E164,
          userId: FIXTURE.userId,
          profileName: 'Mario Rossi',
          timestamp: new Date(Number(FIXTURE.timestamp) * 1000),
          phoneNumberId: FIXTURE.phoneNumberId,
          content: { type: 'text', text: 'Iscrivimi Mario Rossi' },
        },
      ],
    });
  });

  it.each<[string, Json, unknown]>([
    [
      'list reply',
      interactiveListReply({ id: 'viabilita', title: 'Viabilità' }),
      { type: 'interactive_reply', replyId: 'viabilita', title: 'Viabilità', contextWamid: FIXTURE.outboundWamid },
    ],
    ['button reply', interactiveButtonReply({ id: 'si', title: 'Sì' }, { contextId: null }), { type: 'interactive_reply', replyId: 'si', title: 'Sì' }],
    [
      'template quick reply',
      templateButtonReply({ payload: 'STOP', text: 'Cancellami' }),
      { type: 'button', payload: 'STOP', text: 'Cancellami', contextWamid: FIXTURE.outboundWamid },
    ],
    ['image', mediaMessage('image', { caption: 'Buca' }), { type: 'media', mediaType: 'image', caption: 'Buca' }],
    ['video', mediaMessage('video'), { type: 'media', mediaType: 'video', caption: 'Buca in via Roma' }],
    ['document', mediaMessage('document', { caption: null }), { type: 'media', mediaType: 'document' }],
    ['voice note', mediaMessage('audio', { voice: true }), { type: 'media', mediaType: 'audio' }],
    ['sticker', mediaMessage('sticker', { animated: true }), { type: 'media', mediaType: 'sticker' }],
    ['location', locationMessage({ name: 'Municipio' }), { type: 'location' }],
    ['contacts', contactsMessage(), { type: 'contacts' }],
    ['reaction', reactionMessage({ emoji: '❤️' }), { type: 'reaction', emoji: '❤️' }],
    ['removed reaction', reactionMessage({ emoji: null }), { type: 'reaction' }],
    [
      'unsupported (poll)',
      unsupportedMessage({ unsupportedType: 'poll_creation' }),
      { type: 'unsupported', originalType: 'unsupported', detail: 'poll_creation' },
    ],
    ['unknown type (order)', orderMessage(), { type: 'unsupported', originalType: 'order' }],
    ['future type', { ...textMessage(), type: 'hologram', hologram: { x: 1 } }, { type: 'unsupported', originalType: 'hologram' }],
    [
      'flow reply',
      { ...interactiveButtonReply(), interactive: { type: 'nfm_reply', nfm_reply: {} } },
      { type: 'unsupported', originalType: 'interactive', detail: 'nfm_reply' },
    ],
    ['text without body', { ...textMessage(), text: {} }, { type: 'unsupported', originalType: 'text', detail: 'malformed' }],
    [
      'message without type',
      (() => {
        const m = textMessage();
        delete m.type;
        return m;
      })(),
      { type: 'unsupported', originalType: 'unknown' },
    ],
  ])('maps a %s', (_label, msg, expected) => {
    expect(content(msg)).toEqual(expected);
  });

  it('maps a changed number (system message, no contacts array)', () => {
    const payload = webhookPayload({ messages: [systemMessage({ newWaId: '393339876543' })] });
    expect(JSON.stringify(payload)).not.toContain('"contacts"');
    expect(one(systemMessage({ newWaId: '393339876543' }))).toMatchObject({
      from: E164,
      userId: null,
      profileName: null,
      content: {
        type: 'system',
        systemType: 'user_changed_number',
        newNumber: '+393339876543',
        newUserId: 'IT.1349200000000000002',
        body: `User Mario Rossi changed from ${FIXTURE.from} to 393339876543`,
      },
    });
    expect(content(systemMessage({ kind: 'customer_identity_changed' }))).toMatchObject({ systemType: 'customer_identity_changed' });
  });
});

describe('senders', () => {
  it.each([
    ['absent', null],
    ['empty', ''],
  ] as const)('identifies a username user with `from` %s', (_l, from) => {
    const event = one(usernameUserMessage('Ciao', { userId: 'IT.777', from }));
    expect(event).toMatchObject({ from: null, userId: 'IT.777', profileName: 'Niccolò' });
  });

  it('takes user_id from the contact when from_user_id is missing (matched by wa_id, then position)', () => {
    const a = textMessage('a', { from: '393330000001', userId: 'IT.A', profileName: 'Anna' });
    const b = textMessage('b', { from: '393330000002', userId: 'IT.B', profileName: 'Bruno' });
    const events = parse({ messages: [b, a] }).events;
    expect(events.map((e) => e.kind === 'message' && [e.from, e.userId, e.profileName])).toEqual([
      ['+393330000002', 'IT.B', 'Bruno'],
      ['+393330000001', 'IT.A', 'Anna'],
    ]);
    const anonymous = textMessage('c', { from: null });
    const contacts = [{ profile: { name: 'Carla' }, wa_id: '', user_id: 'IT.C' }];
    expect(parse({ messages: [anonymous], contacts }).events[0]).toMatchObject({ from: null, userId: 'IT.C', profileName: 'Carla' });
  });

  it('never borrows the contact of someone else, and skips a message with no usable sender', () => {
    const contacts = [{ profile: { name: 'Altro' }, wa_id: '393339999999', user_id: 'IT.X' }];
    expect(parse({ messages: [textMessage('x', { from: '393331111111' })], contacts }).events[0]).toMatchObject({
      from: '+393331111111',
      userId: null,
      profileName: null,
    });
    const r = parse({ messages: [textMessage('x', { from: '0039333' })], contacts: [] });
    expect(r).toMatchObject({ events: [], skipped: [{ reason: 'no_sender', path: 'entry[0].changes[0].value.messages[0]' }] });
  });

  it('normalises numbers to E.164 and timestamps to Date', () => {
    const event = one(textMessage('x', { from: '+393331234567', timestamp: '1700000000' }));
    expect(event).toMatchObject({ from: E164, timestamp: new Date('2023-11-14T22:13:20Z') });
  });
});

describe('statuses', () => {
  it('maps sent / delivered / read with pricing and failed with errors', () => {
    const statuses = [
      statusUpdate('sent', { id: 'wamid.S', conversation: true }),
      statusUpdate('delivered', { id: 'wamid.S' }),
      statusUpdate('read', { id: 'wamid.S', pricingCategory: 'marketing' }),
      statusUpdate('failed', { id: 'wamid.S', errors: [statusError(131047), statusError(131026), { code: 'x' }] }),
    ];
    const events = parse({ statuses }).events;
    expect(events.map((e) => e.dedupeKey)).toEqual(['sent', 'delivered', 'read', 'failed'].map((s) => `status:wamid.S:${s}`));
    expect(events[0]).toEqual({
      kind: 'status',
      dedupeKey: 'status:wamid.S:sent',
      wamid: 'wamid.S',
      status: 'sent',
      timestamp: new Date(Number(FIXTURE.timestamp) * 1000),
      recipient: E164,
      recipientUserId: FIXTURE.userId,
      errors: [],
      pricingCategory: 'utility',
      phoneNumberId: FIXTURE.phoneNumberId,
    });
    expect(events[2]).toMatchObject({ pricingCategory: 'marketing' });
    expect(events[3]).toMatchObject({
      errors: [
        { code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', details: expect.stringContaining('24 hours') },
        { code: 131026, title: 'Message undeliverable' },
      ],
    });
    expect(events[3]).not.toHaveProperty('pricingCategory');
  });

  it('handles a status addressed to a BSUID (empty recipient_id) and skips unknown statuses', () => {
    const r = parse({ statuses: [statusUpdate('delivered', { recipientId: '', recipientUserId: 'IT.9' }), { ...statusUpdate('read'), status: 'played' }] });
    expect(r.events).toMatchObject([{ recipient: null, recipientUserId: 'IT.9' }]);
    expect(r.skipped).toEqual([{ reason: 'unknown_status:played', path: 'entry[0].changes[0].value.statuses[1]' }]);
  });
});

describe('template status updates', () => {
  it('maps the event and keeps a template id above 2^53 exact', () => {
    const tpl = templateStatusUpdate({ event: 'REJECTED' });
    (tpl.value as Json).message_template_id = 0; // replaced textually below: no JS number can hold it
    const raw = metaJson(webhookPayload({ entries: [{ time: 1764412800, changes: [tpl] }] })).replace(
      '"message_template_id":0',
      '"message_template_id":98765432109876543210',
    );
    expect(parseWebhookBody(raw)).toEqual({
      ok: true,
      skipped: [],
      events: [
        {
          kind: 'template_status',
          dedupeKey: 'template:98765432109876543210:REJECTED:1764412800',
          templateId: '98765432109876543210',
          name: 'avviso_comune',
          language: 'it',
          event: 'REJECTED',
          reason: 'INCORRECT_CATEGORY',
          timestamp: new Date(1764412800 * 1000),
        },
      ],
    });
    expect(parse({ changes: [templateStatusUpdate()] }).events[0]).toMatchObject({ templateId: '1252715608684590', timestamp: null });
  });

  it('skips changes of fields it does not handle', () => {
    const r = parse({ changes: [{ field: 'account_update', value: { event: 'VERIFIED' } }, { messages: [textMessage()] }] });
    expect(r.events).toHaveLength(1);
    expect(r.skipped).toEqual([{ reason: 'unknown_field:account_update', path: 'entry[0].changes[0]' }]);
  });
});

describe('batches', () => {
  it('yields every event of 2 entries x 2 changes (3 messages + 4 statuses per entry), in order', () => {
    const entry = (n: number) => ({
      id: `waba${n}`,
      changes: [
        {
          messages: [textMessage('1', { id: `wamid.${n}m1` }), textMessage('2', { id: `wamid.${n}m2` })],
          statuses: [statusUpdate('sent', { id: `wamid.${n}s1` }), statusUpdate('read', { id: `wamid.${n}s2` })],
        },
        {
          messages: [mediaMessage('image', { id: `${n}` }, { id: `wamid.${n}m3` })],
          statuses: [statusUpdate('delivered', { id: `wamid.${n}s3` }), statusUpdate('failed', { id: `wamid.${n}s4` })],
        },
      ],
    });
    const r = parse({ entries: [entry(1), entry(2)] });
    const keys = (n: number) => [
      `msg:wamid.${n}m1`,
      `msg:wamid.${n}m2`,
      `status:wamid.${n}s1:sent`,
      `status:wamid.${n}s2:read`,
      `msg:wamid.${n}m3`,
      `status:wamid.${n}s3:delivered`,
      `status:wamid.${n}s4:failed`,
    ];
    expect(r.skipped).toEqual([]);
    expect(r.events.map((e) => e.dedupeKey)).toEqual([...keys(1), ...keys(2)]);
  });

  it('keeps duplicates, with identical dedupe keys (the database deduplicates)', () => {
    const msg = textMessage('Cancellami', { id: 'wamid.DUP' });
    const events = parse({ messages: [msg, msg], statuses: [statusUpdate('read', { id: 'wamid.R' }), statusUpdate('read', { id: 'wamid.R' })] }).events;
    expect(events.map((e) => e.dedupeKey)).toEqual(['msg:wamid.DUP', 'msg:wamid.DUP', 'status:wamid.R:read', 'status:wamid.R:read']);
  });

  it('skips only the malformed elements and reports where they were', () => {
    const long = textMessage('x', { id: `wamid.${'A'.repeat(506)}` }); // 512 chars: accepted
    const payload = webhookPayload({
      entries: [
        {
          changes: [
            {
              messages: [
                textMessage('ok', { id: 'wamid.OK1' }),
                textMessage('x', { id: '' }),
                textMessage('x', { id: `${long.id as string}B` }),
                long,
                'junk' as unknown as Json,
                textMessage('x', { timestamp: 'ieri' }),
              ],
              statuses: [],
            },
            { field: 'messages', value: { statuses: [statusUpdate('read')] } },
            { field: 'messages', value: [] },
          ],
        },
        { changes: [{ messages: [textMessage('ok', { id: 'wamid.OK2' })] }] },
      ],
    });
    (payload.entry as unknown[]).push(null, { changes: 'nope' });
    const r = parseWebhookPayload(payload) as Extract<ParseResult, { ok: true }>;
    expect(r.events.map((e) => e.dedupeKey)).toEqual(['msg:wamid.OK1', `msg:${long.id as string}`, 'msg:wamid.OK2']);
    const at = 'entry[0].changes[0].value.messages';
    expect(r.skipped).toEqual([
      { reason: 'invalid:id', path: `${at}[1]` },
      { reason: 'invalid:id', path: `${at}[2]` },
      { reason: 'invalid:shape', path: `${at}[4]` },
      { reason: 'invalid:timestamp', path: `${at}[5]` },
      { reason: 'invalid:metadata', path: 'entry[0].changes[1].value.statuses' },
      { reason: 'invalid:value', path: 'entry[0].changes[2].value' },
      { reason: 'invalid:shape', path: 'entry[2]' },
      { reason: 'invalid:changes', path: 'entry[3]' },
    ]);
  });

  it('parses a full 1000-message + 1000-status POST quickly', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => textMessage('x'.repeat(2000), { id: `wamid.M${i}` }));
    const statuses = Array.from({ length: 1000 }, (_, i) => statusUpdate('delivered', { id: `wamid.S${i}` }));
    const raw = metaJson(webhookPayload({ messages, statuses }));
    const started = performance.now();
    const r = parseWebhookBody(raw);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.ok && r.events.length).toBe(2000);
  });
});

describe('text fidelity', () => {
  it('round-trips accented text and emoji through Meta-style escaped bytes', () => {
    const text = 'Niccolò è già iscritto 😀';
    const raw = metaJson(webhookPayload({ messages: [textMessage(text, { profileName: 'Niccolò' })] }));
    expect(raw).toMatch(/^[\x20-\x7e]+$/);
    expect(raw).toContain('Niccol\\u00f2 \\u00e8 gi\\u00e0 iscritto \\ud83d\\ude00');
    expect(raw).not.toBe(JSON.stringify(JSON.parse(raw)));
    const event = parseWebhookBody(new TextEncoder().encode(raw));
    expect(event.ok && event.events[0]).toMatchObject({ profileName: 'Niccolò', content: { type: 'text', text } });
  });

  it('keeps 4096 chars, caps a field at 64 KB without splitting an emoji, and drops NUL', () => {
    expect(content(textMessage('a'.repeat(4096)))).toEqual({ type: 'text', text: 'a'.repeat(4096) });
    const capped = content(textMessage(`${'a'.repeat(65_535)}😀tail`));
    expect(capped).toEqual({ type: 'text', text: 'a'.repeat(65_535) });
    expect(content(textMessage('a\u0000b\ud800'))).toEqual({ type: 'text', text: 'ab\ufffd' });
    // The template-id quoting in parseWebhookBody must not touch look-alikes inside strings.
    expect(content(textMessage('"message_template_id":5}'))).toEqual({ type: 'text', text: '"message_template_id":5}' });
  });
});

describe('hostile input', () => {
  it.each<[string, string | Uint8Array, string]>([
    ['malformed JSON', '{"object":', 'not_json'],
    ['empty body', '', 'not_json'],
    ['binary junk', new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), 'not_json'],
    ['null', 'null', 'not_an_object'],
    ['an array', '[{"object":"whatsapp_business_account"}]', 'not_an_object'],
    ['a number', '42', 'not_an_object'],
    ['another product', '{"object":"page","entry":[]}', 'wrong_object'],
    ['no object', '{"entry":[]}', 'wrong_object'],
  ])('rejects %s', (_label, raw, error) => {
    expect(parseWebhookBody(raw)).toEqual({ ok: false, error });
  });

  it('survives huge nested junk and exotic values', () => {
    const deep = `{"object":"whatsapp_business_account","entry":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect(parseWebhookBody(deep)).toEqual({ ok: true, events: [], skipped: [{ reason: 'invalid:shape', path: 'entry[0]' }] });
    expect(parseWebhookBody('\uFEFF{"object":"whatsapp_business_account"}')).toEqual({
      ok: true,
      events: [],
      skipped: [{ reason: 'no_entry_array', path: 'entry' }],
    });
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    for (const v of [undefined, 1n, Symbol('s'), () => 1, trap]) expect(() => parseWebhookPayload(v)).not.toThrow();
    expect(parseWebhookBody(42 as unknown as string)).toEqual({ ok: false, error: 'not_json' });
  });

  it('never throws on 600 fuzzed bodies (seeded)', () => {
    const rng = seededRng(0xbad5eed);
    const base = webhookPayload({
      entries: [
        {
          changes: [
            {
              messages: [textMessage(), interactiveListReply(), mediaMessage('audio'), usernameUserMessage(), systemMessage()],
              statuses: [statusUpdate('sent'), statusUpdate('failed')],
            },
            templateStatusUpdate(),
          ],
        },
      ],
    });
    const bodies: (string | unknown)[] = [];
    for (let i = 0; i < 300; i++) bodies.push(mutate(base, rng));
    for (let i = 0; i < 150; i++) bodies.push(damage(metaJson(base), rng));
    for (let i = 0; i < 150; i++) bodies.push(randomJson(rng, 5));
    for (const body of bodies) {
      const r = typeof body === 'string' ? parseWebhookBody(body) : parseWebhookPayload(body);
      if (!r.ok) continue;
      for (const e of r.events) {
        expect(e.dedupeKey.length).toBeGreaterThan(0);
        if (e.kind !== 'template_status') expect(Number.isNaN(e.timestamp.getTime())).toBe(false);
      }
      for (const s of r.skipped) expect(s.reason).not.toBe('internal_error');
    }
  });
});
