/**
 * Test helpers: a tiny webhook receiver standing in for the app (real HTTP, checks signatures over
 * the raw bytes) and a simulator wired to it on ephemeral ports.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifySignature } from '../signature';
import { CONTROL_TOKEN_HEADER, createSimulator, type Simulator, type SimulatorKnobs, type SimulatorOptions } from './index';

export interface Received {
  raw: Buffer;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- payload shapes are asserted by the tests
  signature: string | undefined;
  signatureValid: boolean;
  contentType: string | undefined;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers with these statuses first (one per request), then 200. */
  failNext(...statuses: number[]): void;
  waitFor(predicate: (all: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  statuses(): any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startReceiver(appSecret: string): Promise<Receiver> {
  const received: Received[] = [];
  const planned: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = planned.shift() ?? 200;
      if (status === 200) {
        const raw = Buffer.concat(chunks);
        const signature = req.headers[SIGNATURE_HEADER] as string | undefined;
        received.push({
          raw,
          json: JSON.parse(raw.toString('utf8')),
          signature,
          signatureValid: verifySignature(raw, signature, appSecret),
          contentType: req.headers['content-type'],
        });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/whatsapp/webhook`,
    received,
    failNext: (...s) => void planned.push(...s),
    async waitFor(predicate, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`timed out waiting for webhooks (got ${received.length})`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return received;
    },
    statuses: () => received.flatMap((r) => r.json.entry.flatMap((e: any) => e.changes.flatMap((c: any) => c.value.statuses ?? []))), // eslint-disable-line @typescript-eslint/no-explicit-any
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Polls until the assertion passes (or rethrows its last failure after timeoutMs). */
export async function eventually(assertion: () => void, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

export const TEST_IDS = {
  appSecret: 'test-app-secret',
  accessToken: 'test-access-token',
  phoneNumberId: '100000000000001',
  wabaId: '200000000000001',
  displayPhoneNumber: '393204321474',
};

/** Fast defaults, with Meta's shape where it matters: one status per webhook POST, as Meta posts them. */
export const FAST_KNOBS: Partial<SimulatorKnobs> = {
  maxPerSecond: null,
  statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
  readFraction: 1,
  statusBatchMax: 1,
  statusFlushMs: 5,
  templateApprovalDelayMs: 30,
  webhookRetryBaseMs: 20,
};

export interface Harness {
  sim: Simulator;
  receiver: Receiver;
  /** Graph base URL (what the app calls WHATSAPP_GRAPH_URL). */
  graphUrl: string;
  config: { baseUrl: string; version: string; phoneNumberId: string; wabaId: string; accessToken: string };
  /** fetch() of the simulator's control API (`path` after /api), with its token. */
  control(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(opts: { knobs?: Partial<SimulatorKnobs>; basePath?: string } & Partial<SimulatorOptions> = {}): Promise<Harness> {
  const receiver = await startReceiver(TEST_IDS.appSecret);
  const { knobs, ...rest } = opts;
  const sim = createSimulator({ ...TEST_IDS, webhookUrl: receiver.url, ...rest, knobs: { ...FAST_KNOBS, ...knobs } });
  const server = await sim.listen(0);
  const graphUrl = `http://127.0.0.1:${server.port}${opts.basePath ?? ''}`;
  return {
    sim,
    receiver,
    graphUrl,
    config: { baseUrl: graphUrl, version: 'v27.0', phoneNumberId: TEST_IDS.phoneNumberId, wabaId: TEST_IDS.wabaId, accessToken: TEST_IDS.accessToken },
    control: (p, init = {}) =>
      fetch(`${graphUrl}/api${p}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), [CONTROL_TOKEN_HEADER]: sim.controlToken } }),
    async close() {
      await server.close();
      await sim.close();
      await receiver.close();
    },
  };
}

/** A body template shaped like Banditore's generic alert: fixed text around {{1}} and {{2}}. */
export const ALERT_TEMPLATE = {
  name: 'avviso_comune',
  language: 'it',
  category: 'UTILITY' as const,
  components: [
    {
      type: 'BODY',
      text: 'Avviso dal Comune di Conegliano: {{1}}\n\n{{2}}\n\nPer non ricevere più avvisi scrivi CANCELLAMI.',
      example: { body_text: [['Viabilità', 'Via Roma chiusa dalle 18']] },
    },
    { type: 'FOOTER', text: 'Servizio avvisi del Comune' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Cancellami' }] },
  ],
};
