/**
 * Banditore's stand-in for Meta's WhatsApp Cloud API, for demos (mounted in the app under
 * /simulatore), tests and benchmarks (standalone). URL layout under basePath:
 *   /<vNN.N>/<phone-number-id>/messages            Graph API (also under /graph/<vNN.N>/...)
 *   /<vNN.N>/<waba-id>/message_templates           Graph API
 *   /api/...                                       control API (see control.ts), loopback and token only (control-access.ts)
 *   /  /phone.js  /phone.css                       the simulated phone
 * so the app's Graph base URL is simply http://host:port<basePath>.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { controlAccess, newControlToken } from './control-access';
import { SimCore } from './core';
import { handleGraph } from './graph';
import { writeJson, writeText } from './http-util';
import { PHONE_CSS, phoneHtml } from './phone-page';
import { PHONE_JS } from './phone-script';
import type { InboundSpec, SimMessage, SimStats, SimulatorKnobs, SimulatorOptions } from './types';

export * from './types';

export { CONTROL_TOKEN_HEADER } from './control-access';

export interface Simulator {
  /** What the control API requires in the X-Simulator-Token header (given or generated at creation). */
  readonly controlToken: string;
  /** Serves everything under basePath; anything else gets a 404. Never throws. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Standalone helper: an http server on host (default 127.0.0.1); port 0 picks a free one. */
  listen(port: number, host?: string): Promise<{ port: number; close(): Promise<void> }>;
  setKnobs(k: Partial<SimulatorKnobs>): void;
  knobs(): SimulatorKnobs;
  /** Flushes statuses already due, lets queued webhooks go out (max 2 s), stops all timers. */
  close(): Promise<void>;
  phoneSends(digits: string, msg: InboundSpec): Promise<{ wamid: string; webhookStatus: number }>;
  messagesFor(digits: string): SimMessage[];
  stats(): SimStats;
  /** Clears conversations, windows and statistics (templates too when asked). */
  reset(opts?: { templates?: boolean }): void;
  /** Resolves once no webhook is queued or in flight (tests use it to wait for delivery). */
  webhooksIdle(): Promise<void>;
}

const ASSET_HEADERS = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export function createSimulator(opts: SimulatorOptions): Simulator {
  const core = new SimCore(opts);
  const basePath = core.basePath;
  const businessName = opts.businessName ?? 'Comune';
  const controlToken = opts.controlToken ?? newControlToken();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const path = url.pathname;
    if (path !== basePath && !path.startsWith(basePath + '/')) {
      req.resume();
      return writeJson(res, 404, { error: { message: `not under ${basePath || '/'}` } });
    }
    const segments = path.slice(basePath.length).split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (segments.length === 0 || (segments.length === 1 && segments[0] === 'phone.js') || (segments.length === 1 && segments[0] === 'phone.css')) {
      req.resume();
      if (method !== 'GET' && method !== 'HEAD') return writeJson(res, 405, { error: { message: 'method not allowed' } });
      if (segments[0] === 'phone.js') return writeText(res, 200, 'text/javascript; charset=utf-8', PHONE_JS, ASSET_HEADERS);
      if (segments[0] === 'phone.css') return writeText(res, 200, 'text/css; charset=utf-8', PHONE_CSS, ASSET_HEADERS);
      const html = phoneHtml({ basePath, businessName, displayNumber: core.ids.displayPhoneNumber });
      return writeText(res, 200, 'text/html; charset=utf-8', html, { ...ASSET_HEADERS, 'content-security-policy': PAGE_CSP });
    }
    if (segments[0] === 'api') {
      const events = segments.length === 2 && segments[1] === 'events' && method === 'GET';
      const access = controlAccess(req, controlToken, events ? url.searchParams.get('token') : null);
      if (!access.ok) {
        req.resume();
        return writeJson(res, access.status, { error: { message: access.message } });
      }
      return handleControl(core, req, res, segments.slice(1), url);
    }
    const graphSegments = segments[0] === 'graph' ? segments.slice(1) : segments;
    if (await handleGraph(core, req, res, graphSegments, url)) return;
    req.resume();
    writeJson(res, 404, { error: { message: `no simulator route ${method} ${path}` } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (err) {
      // A simulator bug must answer 500, not crash the app process it is mounted in.
      writeJson(res, 500, { error: { message: `simulator error: ${(err as Error)?.message ?? String(err)}` } });
    }
  }

  return {
    controlToken,
    handle,

    listen(port, host = '127.0.0.1') {
      const server = http.createServer((req, res) => void handle(req, res));
      // Longer than undici's 4 s default idle so pooled client sockets are not cut under them.
      server.keepAliveTimeout = 65_000;
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve({
            port: (server.address() as AddressInfo).port,
            close: () =>
              new Promise<void>((done) => {
                for (const r of core.held) r.destroy();
                server.close(() => done());
                server.closeAllConnections();
              }),
          });
        });
      });
    },

    setKnobs: (k) => void core.setKnobs(k),
    knobs: () => core.knobs,
    close: () => core.close(),
    phoneSends: (digits, msg) => core.phoneSends(digits, msg),
    messagesFor: (digits) => [...(core.store.phones.get(digits)?.messages ?? [])],
    stats: () => core.stats(),
    reset: (o) => core.reset(o?.templates === true),
    webhooksIdle: () => core.emitter.idle(),
  };
}
