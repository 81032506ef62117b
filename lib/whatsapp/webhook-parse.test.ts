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
} from './fixtures';
import { parseWebhookBody } from './webhook-parse';
import { content, E164, one, parse } from './testing/parse';

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
      pricing: { category: 'UTILITY', type: 'regular', pricingModel: 'PMP', billable: true },
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
          category: 'UTILITY',
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
