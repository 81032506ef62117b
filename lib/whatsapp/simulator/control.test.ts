/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient } from '../client';
import { startHarness, type Harness } from './test-support';

let h: Harness;
const api = (path: string, init?: RequestInit) => h.control(path, init);
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  h = await startHarness({ basePath: '/simulatore', businessName: 'Comune di Conegliano' });
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

describe('control API', () => {
  it('lets a phone write, lists phones and the conversation in order', async () => {
    const r = await post('/phones/393331234567/messages', { type: 'text', text: 'Iscrivimi', profileName: 'Mario' });
    expect(r.status).toBe(200);
    const { wamid, webhookStatus } = await r.json();
    expect(webhookStatus).toBe(200);
    const client = createGraphClient(h.config);
    await client.sendText('+393331234567', 'Benvenuto');
    const phones = await (await api('/phones')).json();
    expect(phones.data).toEqual([expect.objectContaining({ digits: '393331234567', profileName: 'Mario', messages: 2, windowOpen: true })]);
    const conv = await (await api('/phones/%2B393331234567/messages')).json();
    expect(conv.data.map((m: any) => [m.from, m.text])).toEqual([
      ['phone', 'Iscrivimi'],
      ['comune', 'Benvenuto'],
    ]);
    expect(conv.data[0].id).toBe(wamid);
  });

  it('validates input with 400 and plain JSON errors', async () => {
    expect((await post('/phones/393331234567/messages', { type: 'fax' })).status).toBe(400);
    const bad = await post('/knobs', { latencyMs: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/latencyMs/);
    expect((await post('/knobs', { nope: 1 })).status).toBe(400);
    expect((await api('/nothing')).status).toBe(404);
  });

  it('changes knobs, reports stats and resets', async () => {
    const knobs = await (await post('/knobs', { maxPerSecond: 1000, statusDelaysMs: { read: 50 } })).json();
    expect(knobs).toMatchObject({ maxPerSecond: 1000, statusDelaysMs: { sent: 5, delivered: 10, read: 50 } });
    expect(h.sim.knobs().maxPerSecond).toBe(1000);
    await post('/phones/393331234567/messages', { type: 'text', text: 'x' });
    expect((await (await api('/stats')).json()).inboundMessages).toBe(1);
    expect((await post('/reset', {})).status).toBe(200);
    expect((await (await api('/stats')).json()).inboundMessages).toBe(0);
    expect((await (await api('/phones')).json()).data).toEqual([]);
  });

  it('streams events for one phone over SSE', async () => {
    const controller = new AbortController();
    const res = await api('/events?phone=393330000001', { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await post('/phones/393339999999/messages', { type: 'text', text: 'altro telefono' });
    await post('/phones/393330000001/messages', { type: 'text', text: 'questo' });
    let text = '';
    while (!text.includes('event: message')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"text":"questo"');
    expect(text).not.toContain('altro telefono');
    controller.abort();
  });
});

describe('phone page', () => {
  it('serves an Italian, accessible page with same-origin assets', async () => {
    const res = await fetch(`${h.graphUrl}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="it">');
    for (const label of ['Numero di telefono', 'Nome profilo', 'Messaggio']) expect(html).toMatch(new RegExp(`<label for="\\w+">${label}</label>`));
    expect(html).toContain('>Invia</button>');
    expect(html).toContain('aria-label="Conversazione"');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('<main>');
    expect(html).toContain('src="/simulatore/phone.js"');
    expect(html).not.toMatch(/<script>|<style>|https?:\/\/(?!developers)/);
    expect((await fetch(`${h.graphUrl}/phone.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${h.graphUrl}/phone.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });
});

describe('WhatsApp formatting in the phone page', () => {
  it('gives each message its text as escaped HTML (lib/whatsapp/format.ts), in the list and in the events', async () => {
    const events = await fetch(`${h.graphUrl}/api/events?phone=393331234567&token=${h.sim.controlToken}`);
    const reader = events.body!.getReader();
    await createGraphClient(h.config).sendText('+393331234567', '*Avviso* <img src=x onerror=alert(1)>\n* uno');
    const html = '<p><strong>Avviso</strong> &lt;img src=x onerror=alert(1)&gt;</p><ul><li>uno</li></ul>';
    const conv = await (await api('/phones/393331234567/messages')).json();
    expect(conv.data).toEqual([expect.objectContaining({ from: 'comune', text: '*Avviso* <img src=x onerror=alert(1)>\n* uno', html })]);
    let stream = '';
    while (!stream.includes('event: message')) stream += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const data = /event: message\ndata: (.*)\n/.exec(stream)![1]!;
    expect(JSON.parse(data).message.html).toBe(html);
  });

  it('serves a phone script that puts only that HTML into the page', async () => {
    const js = await (await fetch(`${h.graphUrl}/phone.js`)).text();
    expect(js.match(/innerHTML = [^;]*/g)).toEqual(["innerHTML = m.html || ''"]);
  });
});
