/* eslint-disable @typescript-eslint/no-explicit-any */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, type GraphClient } from './client';
import { GraphApiError, GraphNetworkError, GraphValidationError } from './errors';
import { USER_ID_RECIPIENT_FIELD } from './payloads';
import { businessUserId } from './simulator/meta-json';
import { ALERT_TEMPLATE, startHarness, type Harness } from './simulator/test-support';

const TO = '+393331234567';
const DIGITS = '393331234567';

let h: Harness;
let client: GraphClient;
let calls: { url: string; method: string; headers: Record<string, string>; body: any }[];

/** Spies on what goes over the wire; the requests still reach the real simulator. */
const spyFetch: typeof fetch = async (input, init) => {
  calls.push({
    url: String(input),
    method: init?.method ?? 'GET',
    headers: init?.headers as Record<string, string>,
    body: init?.body ? JSON.parse(String(init.body)) : undefined,
  });
  return fetch(input, init);
};

async function graphError(p: Promise<unknown>): Promise<GraphApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphApiError);
  return err as GraphApiError;
}

beforeAll(async () => {
  h = await startHarness({ templates: [ALERT_TEMPLATE] });
  client = createGraphClient(h.config, spyFetch);
});
afterAll(() => h.close());
beforeEach(async () => {
  calls = [];
  h.sim.reset();
  h.sim.setKnobs({ maxPerSecond: null, errorRate5xx: 0, timeoutRate: 0, pairRateMs: null });
  await h.sim.phoneSends(DIGITS, { type: 'text', text: 'Iscrivimi', profileName: 'Mario Rossi' });
});

describe('sending: exact Meta JSON on the wire', () => {
  it('addresses a username-only citizen by business-scoped user id in USER_ID_RECIPIENT_FIELD, never `to`', async () => {
    const userId = businessUserId(h.config.wabaId, DIGITS);
    expect(USER_ID_RECIPIENT_FIELD).toBe('recipient');
    const r = await client.sendTemplate(userId, { name: 'avviso_comune', language: 'it', bodyParams: ['Viabilità', 'Via Roma chiusa'] });
    expect(r.wamid).toMatch(/^wamid\./);
    expect(calls[0]!.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: userId, type: 'template' });
    expect(calls[0]!.body).not.toHaveProperty('to');
    await client.sendText(userId, 'Ciao');
    expect(calls[1]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: userId,
      type: 'text',
      text: { preview_url: false, body: 'Ciao' },
    });
    // Neither a number nor a user id: refused before any request.
    await expect(client.sendText('393331234567', 'x')).rejects.toBeInstanceOf(GraphValidationError);
    await expect(client.sendText('IT 123', 'x')).rejects.toBeInstanceOf(GraphValidationError);
    expect(calls).toHaveLength(2);
  });

  it('sends free-form text with auth header and E.164 `to`', async () => {
    const r = await client.sendText(TO, 'Ciao *Mario*', { previewUrl: true });
    expect(r.wamid).toMatch(/^wamid\./);
    expect(r.waId).toBe(DIGITS);
    expect(calls[0]!.url).toBe(`${h.graphUrl}/v27.0/${h.config.phoneNumberId}/messages`);
    expect(calls[0]!.headers.authorization).toBe('Bearer test-access-token');
    expect(calls[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { preview_url: true, body: 'Ciao *Mario*' },
    });
    expect(h.sim.messagesFor(DIGITS).at(-1)).toMatchObject({ id: r.wamid, from: 'comune', type: 'text', text: 'Ciao *Mario*' });
  });

  it('sends a template with body parameters and a quick-reply payload', async () => {
    const r = await client.sendTemplate(TO, { name: 'avviso_comune', language: 'it', bodyParams: ['Viabilità', 'Via Roma chiusa'], buttonPayloads: ['stop'] });
    expect(calls[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'template',
      template: {
        name: 'avviso_comune',
        language: { code: 'it' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Viabilità' },
              { type: 'text', text: 'Via Roma chiusa' },
            ],
          },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'stop' }] },
        ],
      },
    });
    const shown = h.sim.messagesFor(DIGITS).find((m) => m.id === r.wamid);
    expect(shown?.text).toBe('Avviso dal Comune di Conegliano: Viabilità\n\nVia Roma chiusa\n\nPer non ricevere più avvisi scrivi CANCELLAMI.');
    expect(shown?.buttons).toEqual([{ id: 'stop', title: 'Cancellami', kind: 'quick_reply' }]);
  });

  it('sends interactive lists and reply buttons', async () => {
    await client.sendInteractiveList(TO, {
      header: 'Argomenti',
      body: 'Scegli gli argomenti',
      footer: 'Comune di Conegliano',
      button: 'Scegli',
      sections: [
        {
          title: 'Avvisi',
          rows: [
            { id: 'viab', title: 'Viabilità', description: 'Strade e cantieri' },
            { id: 'meteo', title: 'Meteo' },
          ],
        },
      ],
    });
    expect(calls[0]!.body.interactive).toEqual({
      type: 'list',
      header: { type: 'text', text: 'Argomenti' },
      body: { text: 'Scegli gli argomenti' },
      footer: { text: 'Comune di Conegliano' },
      action: {
        button: 'Scegli',
        sections: [
          {
            title: 'Avvisi',
            rows: [
              { id: 'viab', title: 'Viabilità', description: 'Strade e cantieri' },
              { id: 'meteo', title: 'Meteo' },
            ],
          },
        ],
      },
    });
    const b = await client.sendInteractiveButtons(TO, {
      body: 'Confermi?',
      buttons: [
        { id: 'si', title: 'Sì' },
        { id: 'no', title: 'No' },
      ],
    });
    expect(calls[1]!.body).toMatchObject({ type: 'interactive', to: TO, recipient_type: 'individual' });
    expect(calls[1]!.body.interactive).toEqual({
      type: 'button',
      body: { text: 'Confermi?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'si', title: 'Sì' } },
          { type: 'reply', reply: { id: 'no', title: 'No' } },
        ],
      },
    });
    expect(h.sim.messagesFor(DIGITS).find((m) => m.id === b.wamid)?.buttons).toHaveLength(2);
  });

  it('marks a message as read', async () => {
    const [inbound] = h.sim.messagesFor(DIGITS);
    await client.markRead(inbound!.id);
    expect(calls[0]!.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: inbound!.id });
    expect(h.sim.stats().markedRead).toBe(1);
  });
});

describe('templates', () => {
  it('creates a template PENDING, then APPROVED with a status-update webhook', async () => {
    h.sim.setKnobs({ templateApprovalDelayMs: 300 });
    const def = { ...ALERT_TEMPLATE, name: 'avviso_prova' };
    const created = await client.createTemplate(def);
    expect(created).toMatchObject({ status: 'PENDING', category: 'UTILITY' });
    expect(calls[0]!.url).toBe(`${h.graphUrl}/v27.0/${h.config.wabaId}/message_templates`);
    expect((await client.listTemplates()).find((t) => t.id === created.id)?.status).toBe('PENDING');
    const hooks = await h.receiver.waitFor((all) => all.some((r) => r.json.entry[0].changes[0].field === 'message_template_status_update'));
    const update = hooks.find((r) => r.json.entry[0].changes[0].field === 'message_template_status_update')!;
    expect(update.signatureValid).toBe(true);
    expect(update.json.entry[0].changes[0].value).toMatchObject({
      event: 'APPROVED',
      message_template_id: Number(created.id),
      message_template_name: 'avviso_prova',
      message_template_language: 'it',
      reason: 'NONE',
    });
    const listed = (await client.listTemplates()).find((t) => t.id === created.id);
    expect(listed).toMatchObject({ name: 'avviso_prova', language: 'it', category: 'UTILITY', status: 'APPROVED' });
    expect(listed?.components).toHaveLength(3);
  });

  it('follows paging across more than one page', async () => {
    const many = await startHarness({
      templates: Array.from({ length: 130 }, (_, i) => ({ ...ALERT_TEMPLATE, name: `avviso_${i}` })),
    });
    try {
      const all = await createGraphClient(many.config).listTemplates();
      expect(all).toHaveLength(130);
      expect(new Set(all.map((t) => t.name)).size).toBe(130);
    } finally {
      await many.close();
    }
  });
});

describe('errors', () => {
  it('wrong token -> 401 / 190 OAuthException, stop sending', async () => {
    const bad = createGraphClient({ ...h.config, accessToken: 'nope' });
    const e = await graphError(bad.sendText(TO, 'x'));
    expect(e).toMatchObject({ httpStatus: 401, code: 190, type: 'OAuthException' });
    expect(e.fbtraceId).toMatch(/\S+/);
    expect(e.classification).toEqual({ retry: 'never', action: 'stop_sending' });
  });

  it('unknown phone number id -> 400 / 100 with subcode 33', async () => {
    const e = await graphError(createGraphClient({ ...h.config, phoneNumberId: '999' }).sendText(TO, 'x'));
    expect(e).toMatchObject({ httpStatus: 400, code: 100, subcode: 33, type: 'GraphMethodException' });
  });

  it('unknown template -> 404 / 132001; wrong parameter count -> 400 / 132000', async () => {
    const missing = await graphError(client.sendTemplate(TO, { name: 'non_esiste', language: 'it', bodyParams: ['a'] }));
    expect(missing).toMatchObject({ httpStatus: 404, code: 132001, type: 'OAuthException' });
    expect(missing.details).toContain('non_esiste');
    expect(missing.classification.action).toBe('fix_template');
    const count = await graphError(client.sendTemplate(TO, { name: 'avviso_comune', language: 'it', bodyParams: ['solo uno'] }));
    expect(count).toMatchObject({ httpStatus: 400, code: 132000 });
    expect(count.details).toMatch(/number of localizable_params \(1\) does not match the expected number of params \(2\)/);
  });

  it('refuses a multi-line parameter before sending (Meta would answer 132018)', async () => {
    const err = await client.sendTemplate(TO, { name: 'avviso_comune', language: 'it', bodyParams: ['a', 'riga 1\nriga 2'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphValidationError);
    expect(err).toMatchObject({ field: 'template.bodyParams[1]', metaCode: 132018 });
    expect(calls).toHaveLength(0);
  });

  it('validates E.164 and length limits without calling Meta', async () => {
    await expect(client.sendText('393331234567', 'x')).rejects.toMatchObject({ name: 'GraphValidationError', field: 'to' });
    await expect(client.sendText(TO, 'x'.repeat(4097))).rejects.toMatchObject({ field: 'text.body' });
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Riga ${i}` }));
    await expect(client.sendInteractiveList(TO, { body: 'b', button: 'Scegli', sections: [{ title: 's', rows }] })).rejects.toBeInstanceOf(
      GraphValidationError,
    );
    await expect(client.sendInteractiveButtons(TO, { body: 'b', buttons: [{ id: 'a', title: 'x'.repeat(21) }] })).rejects.toBeInstanceOf(GraphValidationError);
    expect(calls).toHaveLength(0);
  });

  it('throughput above maxPerSecond -> 400 / 130429, back off and slow down', async () => {
    h.sim.setKnobs({ maxPerSecond: 3 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.sendText(TO, 'x')));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as GraphApiError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(3);
    expect(rejected[0]).toMatchObject({ httpStatus: 400, code: 130429 });
    expect(rejected[0]!.classification).toEqual({ retry: 'backoff', action: 'slow_down' });
    expect(h.sim.stats().maxWindow1s).toBe(3);
  });

  it('Meta-shaped 5xx -> GraphApiError with code 131000 or 2, retried with backoff', async () => {
    h.sim.setKnobs({ errorRate5xx: 1 });
    const e = await graphError(client.sendText(TO, 'x'));
    expect([500, 503]).toContain(e.httpStatus);
    expect([131000, 2]).toContain(e.code);
    expect(e.classification.retry).toBe('backoff');
    expect(h.sim.stats().acceptedSends).toBe(0);
  });

  it('no answer -> GraphNetworkError(timeout, maybeDelivered)', async () => {
    h.sim.setKnobs({ timeoutRate: 1, timeoutAcceptedFraction: 1 });
    const quick = createGraphClient({ ...h.config, timeoutMs: 150 });
    const err = await quick.sendText(TO, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphNetworkError);
    expect(err).toMatchObject({ kind: 'timeout', maybeDelivered: true });
    expect(h.sim.stats().timeouts).toEqual({ held: 1, acceptedAnyway: 1 });
    expect(h.sim.stats().acceptedSends).toBe(1);
  });

  it('connection refused -> GraphNetworkError that cannot have been delivered', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const down = createGraphClient({ ...h.config, baseUrl: `http://127.0.0.1:${port}` });
    await expect(down.sendText(TO, 'x')).rejects.toMatchObject({ name: 'GraphNetworkError', kind: 'network', maybeDelivered: false });
  });
});
