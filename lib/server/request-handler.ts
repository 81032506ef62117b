import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context';
import type { Env } from '../env';
import { loadSettings } from '../settings/store';
import type { Simulator } from '../whatsapp/simulator';
import { serveWebhook, WEBHOOK_PATH } from './webhook-http';
import { CLIENT_IP_HEADER, clientIp, REQUEST_PATH_HEADER } from '../http/client-ip';
import { buildCsp, isEmbeddablePath, newNonce, originOf } from '../http/csp';
import { METRICS_PATH, serveMetrics, type Metrics } from './metrics';

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Every request passes here before Next.js: the client IP is taken from the socket (never from a
 * header the client controls), the internal-only `x-middleware-subrequest` header is dropped
 * (CVE-2025-29927), security headers are set — a Content-Security-Policy with a fresh nonce
 * (lib/http/csp.ts), framing allowed only on the public pages and only for the origins the comune
 * allowed in its settings — and /simulatore goes to the simulator when it is mounted.
 */
/** What the handler reads of the environment. */
export type RequestHandlerEnv = Pick<Env, 'publicUrl' | 'trustProxy' | 'nodeEnv'> & { whatsapp: Pick<Env['whatsapp'], 'graphUrl'> };

export function createRequestHandler(opts: {
  ctx: AppContext;
  env: RequestHandlerEnv;
  next: NextHandler;
  simulator: Simulator | null;
  /** GET /metrics (lib/server/metrics.ts); token null = loopback only. */
  metrics?: { metrics: Metrics; token: string | null };
}) {
  const simBase = new URL(opts.env.whatsapp.graphUrl).pathname;
  const https = opts.env.publicUrl.startsWith('https://');
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = req.url ?? '/';
      if (url === WEBHOOK_PATH || url.startsWith(`${WEBHOOK_PATH}?`)) {
        const answered = opts.metrics?.metrics.startWebhook(req.method ?? 'GET');
        try {
          await serveWebhook(opts.ctx, req, res);
        } finally {
          answered?.(res.headersSent ? res.statusCode : 500);
        }
        return;
      }
      if (opts.metrics && (url === METRICS_PATH || url.startsWith(`${METRICS_PATH}?`))) {
        await serveMetrics(opts.metrics.metrics, opts.metrics.token, req, res);
        return;
      }
      if (opts.simulator && (url === simBase || url.startsWith(`${simBase}/`) || url.startsWith(`${simBase}?`))) {
        await opts.simulator.handle(req, res);
        return;
      }
      delete req.headers[CLIENT_IP_HEADER];
      delete req.headers[REQUEST_PATH_HEADER];
      delete req.headers['x-middleware-subrequest'];
      req.headers[CLIENT_IP_HEADER] = clientIp(req, opts.env.trustProxy);
      req.headers[REQUEST_PATH_HEADER] = url;
      const embeddable = isEmbeddablePath(url);
      const settings = embeddable ? await loadSettings(opts.ctx.db).catch(() => null) : null;
      const frameAncestors = embeddable ? (settings?.allowedFrameOrigins ?? []).flatMap((o) => originOf(o) ?? []) : null;
      const csp = buildCsp({ nonce: newNonce(), frameAncestors, dev: opts.env.nodeEnv === 'development', https });
      // Next.js takes the nonce for its inline scripts from the request's CSP header: ours, never the client's.
      delete req.headers['content-security-policy-report-only'];
      req.headers['content-security-policy'] = csp;
      res.setHeader('Content-Security-Policy', csp);
      // For browsers that predate frame-ancestors: the pages nobody may frame say so twice.
      if (frameAncestors === null) res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
      res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
      if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      await opts.next(req, res);
    } catch (e) {
      opts.ctx.log.error('request failed', { url: req.url, error: e });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
      }
      res.end('Errore interno. Riprova tra poco.');
    }
  };
  // node:http ignores a listener's promise: every failure is answered inside `handle`, which never rejects.
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };
}
