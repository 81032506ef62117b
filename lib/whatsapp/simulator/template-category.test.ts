/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient, type GraphClient } from '../client';
import { parseWebhookBody } from '../webhook-parse';
import { ALERT_TEMPLATE, startHarness, type Harness } from './test-support';

let h: Harness;
let graph: GraphClient;
const post = (path: string, body: unknown) => h.control(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const fieldOf = (r: { json: any }) => r.json.entry[0].changes[0].field as string;

beforeAll(async () => {
  h = await startHarness({ templates: [ALERT_TEMPLATE], knobs: { templateApprovalDelayMs: 30, statusDelaysMs: { sent: 5, delivered: 10, read: 15 } } });
  graph = createGraphClient(h.config);
});
afterAll(() => h.close());

describe('simulated template categories', () => {
  it('sends the impending notice and the change in Meta’s shapes, which the app’s parser reads', async () => {
    const from = h.receiver.received.length;
    expect((await post('/templates/avviso_comune/category', { category: 'MARKETING', impending: true, effectiveInMs: 3_600_000 })).status).toBe(200);
    expect((await post('/templates/avviso_comune/category', { category: 'MARKETING' })).status).toBe(200);
    const got = (await h.receiver.waitFor((all) => all.length >= from + 2)).slice(from);
    expect(got.map(fieldOf)).toEqual(['template_category_update', 'template_category_update']);
    expect(got.every((r) => r.signatureValid)).toBe(true);
    expect(got[0]!.json.entry[0].changes[0].value).toMatchObject({
      correct_category: 'MARKETING',
      new_category: 'UTILITY',
      message_template_name: 'avviso_comune',
    });
    expect(got[1]!.json.entry[0].changes[0].value).toMatchObject({ previous_category: 'UTILITY', new_category: 'MARKETING' });
    const events = got.flatMap((r) => {
      const p = parseWebhookBody(r.raw);
      return p.ok ? p.events : [];
    });
    expect(events).toMatchObject([
      { kind: 'template_category', impending: true, newCategory: 'MARKETING' },
      { kind: 'template_category', impending: false, newCategory: 'MARKETING', previousCategory: 'UTILITY' },
    ]);
    expect((await post('/templates/avviso_comune/category', { category: 'PROMO' })).status).toBe(400);
    expect((await post('/templates/nessuno/category', { category: 'UTILITY' })).status).toBe(404);
  });

  it('prices later sends in the new category, reads and edits one template through the Graph API', async () => {
    const [t] = (await graph.listTemplates()).filter((x) => x.name === 'avviso_comune');
    expect(await graph.getTemplate(t!.id)).toMatchObject({ name: 'avviso_comune', category: 'MARKETING', status: 'APPROVED' });
    await graph.sendTemplate('+393331234567', { name: 'avviso_comune', language: 'it', bodyParams: ['Titolo', 'Testo'] });
    const statuses = (await h.receiver.waitFor((all) => all.some((r) => r.json.entry[0].changes[0].value.statuses?.[0]?.status === 'delivered'))).flatMap(
      (r) => r.json.entry[0].changes[0].value.statuses ?? [],
    );
    expect(statuses.find((s: any) => s.status === 'delivered').pricing).toEqual({
      billable: true,
      pricing_model: 'PMP',
      category: 'marketing',
      type: 'regular',
    });

    const from = h.receiver.received.length;
    expect(await graph.editTemplate(t!.id, { category: 'UTILITY' })).toEqual({ success: true });
    expect(await graph.getTemplate(t!.id)).toMatchObject({ category: 'UTILITY', status: 'PENDING' });
    const approved = await h.receiver.waitFor((all) => all.slice(from).some((r) => fieldOf(r) === 'message_template_status_update'));
    expect(approved.slice(from).find((r) => fieldOf(r) === 'message_template_status_update')!.json.entry[0].changes[0].value).toMatchObject({
      event: 'APPROVED',
      message_template_category: 'UTILITY',
    });
  });

  it('emits FLAGGED and unknown status events without changing the status', async () => {
    const from = h.receiver.received.length;
    expect((await post('/templates/avviso_comune/status', { status: 'FLAGGED', reason: 'LOW_QUALITY' })).status).toBe(200);
    expect((await post('/templates/avviso_comune/status', { status: 'SOMETHING_NEW' })).status).toBe(200);
    const got = (await h.receiver.waitFor((all) => all.length >= from + 2)).slice(from);
    expect(got.map((r) => r.json.entry[0].changes[0].value.event)).toEqual(['FLAGGED', 'SOMETHING_NEW']);
    const [t] = (await graph.listTemplates()).filter((x) => x.name === 'avviso_comune');
    expect(t!.status).toBe('APPROVED');
    expect((await post('/templates/avviso_comune/status', { status: 'lower case' })).status).toBe(400);
  });
});
