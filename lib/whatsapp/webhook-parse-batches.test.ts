/* The webhook parser on whole payloads: batches, text as people write it, hostile input (webhook-parse.test.ts: one element at a time). */
import { describe, expect, it } from 'vitest';
import {
  interactiveListReply,
  mediaMessage,
  metaJson,
  statusUpdate,
  systemMessage,
  templateStatusUpdate,
  textMessage,
  usernameUserMessage,
  webhookPayload,
  type Json,
} from './fixtures';
import { damage, mutate, randomJson, seededRng } from './fixtures/fuzz';
import { parseWebhookBody, parseWebhookPayload, type ParseResult } from './webhook-parse';
import { content, parse } from './testing/parse';

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
        if (e.kind === 'message' || e.kind === 'status') expect(Number.isNaN(e.timestamp.getTime())).toBe(false);
      }
      for (const s of r.skipped) expect(s.reason).not.toBe('internal_error');
    }
  });
});
