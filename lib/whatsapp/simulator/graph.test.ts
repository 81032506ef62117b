/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_TEMPLATE, TEST_IDS, startHarness, type Harness } from './test-support';

const TO = '+393331234567';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ basePath: '/simulatore', templates: [ALERT_TEMPLATE] });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.reset();
  h.sim.setKnobs({ pairRateMs: null, maxPerSecond: null });
});

async function graph(method: string, path: string, body?: unknown, token = TEST_IDS.accessToken): Promise<{ status: number; json: any }> {
  const res = await fetch(`${h.graphUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
const messages = (body: unknown) => graph('POST', `/v27.0/${TEST_IDS.phoneNumberId}/messages`, body);
const templates = (body: unknown) => graph('POST', `/v27.0/${TEST_IDS.wabaId}/message_templates`, body);
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
const template = (parameters: string[]) => ({
  ...base,
  type: 'template',
  template: { name: 'avviso_comune', language: { code: 'it' }, components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] },
});

function expectMetaError(r: { status: number; json: any }, status: number, code: number): void {
  expect(r.status).toBe(status);
  expect(r.json.error).toMatchObject({ type: expect.any(String), code, fbtrace_id: expect.any(String), message: expect.stringContaining(`(#${code})`) });
  expect(r.json.error.error_data).toEqual({ messaging_product: 'whatsapp', details: expect.any(String) });
}

describe('Graph API routes', () => {
  it('answers under basePath, with or without a /graph prefix, for any vNN.N', async () => {
    const ok = await graph('POST', `/v21.0/${TEST_IDS.phoneNumberId}/messages`, template(['a', 'b']));
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: TO, wa_id: '393331234567' }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
    });
    expect((await graph('POST', `/graph/v27.0/${TEST_IDS.phoneNumberId}/messages`, template(['a', 'b']))).status).toBe(200);
    expect((await fetch(`${h.graphUrl.replace('/simulatore', '')}/v27.0/${TEST_IDS.phoneNumberId}/messages`)).status).toBe(404);
    const unknownPath = await graph('POST', `/v27.0/${TEST_IDS.phoneNumberId}/nothing`, {});
    expect(unknownPath.json.error.code).toBe(2500);
  });

  it('missing or wrong bearer token -> 401 / 190', async () => {
    const r = await graph('POST', `/v27.0/${TEST_IDS.phoneNumberId}/messages`, template(['a', 'b']), 'wrong');
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ type: 'OAuthException', code: 190 });
    const none = await fetch(`${h.graphUrl}/v27.0/${TEST_IDS.wabaId}/message_templates`);
    expect(none.status).toBe(401);
  });

  it('rejects bad requests with code 100', async () => {
    expectMetaError(await messages({ ...base, messaging_product: undefined, type: 'text', text: { body: 'x' } }), 400, 100);
    expectMetaError(await messages({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }), 400, 100);
    expectMetaError(await messages({ ...base, to: 'mario', type: 'text', text: { body: 'x' } }), 400, 100);
    expectMetaError(await messages({ ...base, type: 'text', text: {} }), 400, 100);
    const long = await messages({ ...base, type: 'text', text: { body: 'x'.repeat(4097) } });
    expectMetaError(long, 400, 100);
    expect(long.json.error.error_data.details).toContain('4096');
    expectMetaError(await messages({ ...base, type: 'fax', fax: {} }), 400, 100);
  });

  it('template send checks: 132001, 132000, 132018, 132005, 132015/132016', async () => {
    const missing = await messages({ ...template(['a', 'b']), template: { name: 'nope', language: { code: 'it' } } });
    expectMetaError(missing, 404, 132001);
    expectMetaError(await messages(template(['a'])), 400, 132000);
    expectMetaError(await messages(template(['a', 'riga\nnuova'])), 400, 132018);
    expectMetaError(await messages(template(['a', 'tab\there'])), 400, 132018);
    expectMetaError(await messages(template(['a', 'cinque     spazi'])), 400, 132018);
    expectMetaError(await messages(template(['a', 'x'.repeat(1000)])), 400, 132005);
    const id = (await graph('GET', `/v27.0/${TEST_IDS.wabaId}/message_templates?fields=name`)).json.data[0].id;
    await h.control(`/templates/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'PAUSED' }) });
    expectMetaError(await messages(template(['a', 'b'])), 400, 132015);
    await h.control(`/templates/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'DISABLED' }) });
    expectMetaError(await messages(template(['a', 'b'])), 400, 132016);
    await h.control(`/templates/${id}/status`, { method: 'POST', body: JSON.stringify({ status: 'APPROVED' }) });
    expect(h.sim.stats().errorsByCode).toMatchObject({ 132001: 1, 132000: 1, 132018: 3, 132005: 1, 132015: 1, 132016: 1 });
  });

  it('interactive limits -> 131009', async () => {
    const buttons = Array.from({ length: 4 }, (_, i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } }));
    const r = await messages({ ...base, type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons } } });
    expectMetaError(r, 400, 131009);
  });

  it('pair rate: same recipient too soon -> 131056', async () => {
    h.sim.setKnobs({ pairRateMs: 10_000 });
    expect((await messages(template(['a', 'b']))).status).toBe(200);
    expectMetaError(await messages(template(['a', 'b'])), 400, 131056);
    expect((await messages({ ...template(['a', 'b']), to: '+393339999999' })).status).toBe(200);
  });

  it('creates templates only when they follow Meta rules', async () => {
    const body = (text: string, examples?: string[][]) => ({
      name: 'prova_regole',
      language: 'it',
      category: 'UTILITY',
      components: [{ type: 'BODY', text, ...(examples ? { example: { body_text: examples } } : {}) }],
    });
    expectMetaError(await templates({ ...body('Ciao'), name: 'Con Spazi' }), 400, 100);
    expectMetaError(await templates({ ...body('Ciao'), category: 'NEWS' }), 400, 100);
    expectMetaError(await templates(body('{{1}} inizia con una variabile', [['x']])), 400, 100);
    expectMetaError(await templates(body('Finisce con una variabile {{1}}', [['x']])), 400, 100);
    expectMetaError(await templates(body('Manca esempio per {{1}} qui')), 400, 100);
    expectMetaError(await templates(body('Salta {{2}} la prima variabile', [['x']])), 400, 100);
    expectMetaError(await templates(body('x'.repeat(1025))), 400, 100);
    expectMetaError(await templates(ALERT_TEMPLATE), 400, 100);
    const ok = await templates(body('Avviso del Comune: {{1}} fine del messaggio.', [['x']]));
    expect(ok).toMatchObject({ status: 200, json: { id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' } });
  });

  it('mark as read answers {success:true}', async () => {
    const r = await messages({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC' });
    expect(r).toEqual({ status: 200, json: { success: true } });
  });

  it('accepts sends by business-scoped user id (recipient) for known users', async () => {
    await h.sim.phoneSends('393331234567', { type: 'text', text: 'ciao' });
    const userId = (await (await h.control('/phones')).json()).data[0].userId;
    const r = await messages({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: userId, type: 'text', text: { body: 'ciao' } });
    expect(r.status).toBe(200);
    expect(r.json.contacts).toEqual([{ input: userId, user_id: userId }]);
  });
});
