import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient } from '../client';
import { isLoopbackAddress } from './control-access';
import { createSimulator, CONTROL_TOKEN_HEADER } from './index';
import { FAST_KNOBS, startHarness, TEST_IDS, type Harness } from './test-support';

/** The control API posts messages as any citizen and lists every number written to: token and loopback only. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ basePath: '/simulatore' });
});
afterAll(() => h.close());

const CONTROL_ENDPOINTS: [string, string, unknown?][] = [
  ['GET', '/phones'],
  ['GET', '/phones/393331234567/messages'],
  ['POST', '/phones/393331234567/messages', { type: 'text', text: 'Cancellami' }],
  ['GET', '/stats'],
  ['GET', '/knobs'],
  ['POST', '/knobs', { latencyMs: 0 }],
  ['POST', '/reset', {}],
  ['GET', '/templates'],
  ['GET', '/events?phone=393331234567'],
];

const call = (method: string, p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.graphUrl}/api${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the simulator control API', () => {
  it('answers 401 with a JSON error without its token, and with a wrong one', async () => {
    for (const [method, p, body] of CONTROL_ENDPOINTS) {
      const variants: Record<string, string>[] = [{}, { [CONTROL_TOKEN_HEADER]: 'not-the-token' }, { [CONTROL_TOKEN_HEADER]: '' }];
      for (const headers of variants) {
        const r = await call(method, p, body, headers);
        expect(r.status, `${method} ${p}`).toBe(401);
        expect(r.headers.get('content-type')).toContain('application/json');
        expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/simulator token/);
      }
    }
    // Nothing happened: no phone wrote, no webhook went out.
    expect(h.sim.messagesFor('393331234567')).toEqual([]);
    expect(h.receiver.received).toHaveLength(0);
  });

  it('does not take the app access token (the Graph API bearer) in its place', async () => {
    const r = await call('GET', '/phones', undefined, { authorization: `Bearer ${TEST_IDS.accessToken}`, [CONTROL_TOKEN_HEADER]: TEST_IDS.accessToken });
    expect(r.status).toBe(401);
  });

  it('works with the token, and takes it in the query only for the event stream', async () => {
    const ok = await call('POST', '/phones/393331234567/messages', { type: 'text', text: 'Iscrivimi' }, { [CONTROL_TOKEN_HEADER]: h.sim.controlToken });
    expect(ok.status).toBe(200);
    expect((await call('GET', `/phones?token=${h.sim.controlToken}`, undefined)).status).toBe(401);
    const events = await call('GET', `/events?phone=393331234567&token=${encodeURIComponent(h.sim.controlToken)}`, undefined);
    expect(events.status).toBe(200);
    await events.body?.cancel();
  });

  it('refuses requests that came through a proxy (forwarding headers), even with the token', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const r = await call('GET', '/phones', undefined, { [CONTROL_TOKEN_HEADER]: h.sim.controlToken, [header]: '127.0.0.1' });
      expect(r.status, header).toBe(403);
    }
  });

  it('generates a different token for every simulator', () => {
    const other = createSimulator({ ...TEST_IDS, webhookUrl: 'http://127.0.0.1:9/' });
    expect(other.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.controlToken).not.toBe(h.sim.controlToken);
  });

  it('leaves the Graph API to its bearer token, like Meta', async () => {
    const wrong = createGraphClient({ ...h.config, accessToken: 'wrong' });
    await expect(wrong.sendText('+393331234567', 'x')).rejects.toThrow();
    await expect(createGraphClient(h.config).sendText('+393331234567', 'ok')).resolves.toBeTruthy();
  });
});

describe('loopback only', () => {
  it('knows the loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, '', '192.0.2.2', '10.0.0.1', '::ffff:192.0.2.2', 'fd00::2', '128.0.0.1', '::2', '127.0.0.1.evil']) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });

  // A real request from another address of this machine (its network interface), token included.
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  it.skipIf(!external)(`answers 403 to a request from a non-loopback address (${external ?? 'none here'})`, async () => {
    const sim = createSimulator({ ...TEST_IDS, webhookUrl: 'http://127.0.0.1:9/', knobs: FAST_KNOBS });
    const server = await sim.listen(0, '0.0.0.0');
    try {
      const headers = { [CONTROL_TOKEN_HEADER]: sim.controlToken };
      const remote = await fetch(`http://${external}:${server.port}/api/phones`, { headers });
      expect(remote.status).toBe(403);
      expect(((await remote.json()) as { error: { message: string } }).error.message).toMatch(/loopback/);
      expect((await fetch(`http://127.0.0.1:${server.port}/api/phones`, { headers })).status).toBe(200);
    } finally {
      await server.close();
      await sim.close();
    }
  });
});
