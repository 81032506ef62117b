import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context';
import { getDailyQuota } from '../delivery/daily-quota';
import { isLocalRequest, sameSecret } from '../http/local-access';
import { loadSettings } from '../settings/store';

/**
 * GET /metrics in Prometheus' text format (docs/operations.md, "Monitoring"; Grafana dashboard in
 * docs/grafana/banditore.json).
 *
 * Two kinds of figures:
 * - this process's own: webhook POSTs and their latency (the web server answers Meta), the database
 *   pool, Node.js' process metrics;
 * - the service's, read from the database at each scrape, so they are right whatever the number of
 *   web servers and workers: deliveries by state and sends by outcome (from the rollup the progress
 *   bar uses, a few rows whatever the alert size), the queue, inbound events waiting, the daily
 *   messaging limit's headroom, the send rate cap. The live send rate is the rate of
 *   `banditore_sends_total{outcome="accepted"}` (PromQL `rate(…[1m])`).
 * No figure carries a number, a name or an alert's text: labels are states and codes only.
 */
export const METRICS_PATH = '/metrics';

const DELIVERY_STATES = ['QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'SKIPPED', 'CANCELLED'] as const;
const OUTBOUND_STATES = ['QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const;

interface Snapshot {
  deliveries: Map<string, number>;
  heldByDailyLimit: number;
  outbound: Map<string, number>;
  inboundWaiting: number;
  inboundParked: number;
  alertsSending: number;
  alertsPaused: number;
  rateCap: number;
  slowFactor: number;
  dailyLimit: number | null;
  dailyUsed: number;
}

async function readSnapshot(ctx: AppContext): Promise<Snapshot> {
  const settings = await loadSettings(ctx.db);
  const q = <R extends object>(sql: string, values?: unknown[]) => ctx.pool.query<R>(sql, values).then((r) => r.rows);
  const [deliveries, outbound, inbound, alerts, limiter, quota] = await Promise.all([
    q<{ status: string; held: boolean; n: string }>(
      `SELECT status::text, (status = 'QUEUED' AND coalesce(reason, '') = 'daily_limit') AS held, sum(delta)::bigint AS n
         FROM delivery_count_deltas GROUP BY 1, 2`,
    ),
    q<{ status: string; n: string }>(`SELECT status::text, count(*)::bigint AS n FROM outbound_messages GROUP BY 1`),
    q<{ waiting: string; parked: string }>(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL)::bigint AS waiting, count(*) FILTER (WHERE parked_at IS NOT NULL)::bigint AS parked
         FROM inbound_events WHERE processed_at IS NULL`,
    ),
    q<{ status: string; n: string }>(`SELECT status::text, count(*)::bigint AS n FROM alerts WHERE status IN ('SENDING', 'PAUSED') GROUP BY 1`),
    q<{ slow: number }>(`SELECT coalesce(max(CASE WHEN slow_until > now() THEN slow_factor ELSE 1 END), 1)::int AS slow FROM send_rate_limiter`),
    getDailyQuota(ctx.pool, ctx.now(), settings.dailyRecipientLimit),
  ]);
  const byState = new Map<string, number>();
  let held = 0;
  for (const r of deliveries) {
    byState.set(r.status, (byState.get(r.status) ?? 0) + Number(r.n));
    if (r.held) held += Number(r.n);
  }
  const alertCount = (s: string) => Number(alerts.find((a) => a.status === s)?.n ?? 0);
  return {
    deliveries: byState,
    heldByDailyLimit: held,
    outbound: new Map(outbound.map((r) => [r.status, Number(r.n)])),
    inboundWaiting: Number(inbound[0]?.waiting ?? 0),
    inboundParked: Number(inbound[0]?.parked ?? 0),
    alertsSending: alertCount('SENDING'),
    alertsPaused: alertCount('PAUSED'),
    rateCap: settings.messagesPerSecond,
    slowFactor: limiter[0]?.slow ?? 1,
    dailyLimit: quota.limit === 'unlimited' ? null : quota.limit,
    dailyUsed: quota.used,
  };
}

export interface Metrics {
  registry: Registry;
  /** The text of one scrape, from a fresh database snapshot. */
  scrape(): Promise<string>;
  /** Times one webhook request; call the returned function with the HTTP status when answered. */
  startWebhook(method: string): (status: number) => void;
}

export function createMetrics(ctx: AppContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // One database read per scrape, shared by every gauge below; scrape() starts a new one.
  let pending: Promise<Snapshot> | null = null;
  const snapshot = () => (pending ??= readSnapshot(ctx));

  const webhookRequests = new Counter({
    name: 'banditore_webhook_requests_total',
    help: 'Meta webhook requests answered by this process, by method and HTTP status (5xx: Meta retries).',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const webhookDuration = new Histogram({
    name: 'banditore_webhook_request_duration_seconds',
    help: "Time to answer a Meta webhook request, events committed (Meta's standard: median <= 250 ms, under 1% over 1 s).",
    labelNames: ['method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  new Gauge({
    name: 'banditore_db_pool_connections',
    help: "This process's database pool: connections by state, and requests waiting for one.",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, ctx.pool.totalCount);
      this.set({ state: 'idle' }, ctx.pool.idleCount);
      this.set({ state: 'waiting' }, ctx.pool.waitingCount);
      this.set({ state: 'max' }, ctx.pool.options.max ?? 10);
    },
  });

  /** A gauge filled from the scrape's database snapshot. */
  const dbGauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: Snapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        fill(this, await snapshot());
      },
    });

  dbGauge('banditore_deliveries', 'Alert deliveries (one per recipient per alert) by state, all alerts.', ['state'], (g, s) => {
    for (const state of DELIVERY_STATES) g.set({ state }, s.deliveries.get(state) ?? 0);
  });
  const sends = new Counter({
    name: 'banditore_sends_total',
    help: 'Alert messages by outcome since the deliveries were created: accepted by Meta (sent, delivered or read), failed, skipped (left out before sending), cancelled (not sent because staff stopped the alert).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    async collect() {
      const s = await snapshot();
      const n = (...states: string[]) => states.reduce((a, st) => a + (s.deliveries.get(st) ?? 0), 0);
      sends.reset();
      sends.inc({ outcome: 'accepted' }, n('SENT', 'DELIVERED', 'READ'));
      sends.inc({ outcome: 'failed' }, n('FAILED'));
      sends.inc({ outcome: 'skipped' }, n('SKIPPED'));
      sends.inc({ outcome: 'cancelled' }, n('CANCELLED'));
    },
  });
  dbGauge(
    'banditore_queue_depth',
    'Messages waiting to be sent: alert deliveries queued or in flight, held by the daily limit, and replies in the outbox.',
    ['queue'],
    (g, s) => {
      g.set({ queue: 'deliveries_queued' }, (s.deliveries.get('QUEUED') ?? 0) - s.heldByDailyLimit);
      g.set({ queue: 'deliveries_held_daily_limit' }, s.heldByDailyLimit);
      g.set({ queue: 'deliveries_in_flight' }, s.deliveries.get('SENDING') ?? 0);
      g.set({ queue: 'replies' }, (s.outbound.get('QUEUED') ?? 0) + (s.outbound.get('SENDING') ?? 0));
    },
  );
  dbGauge('banditore_outbound_messages', 'Replies and other service messages of the outbox, by state.', ['state'], (g, s) => {
    for (const state of OUTBOUND_STATES) g.set({ state }, s.outbound.get(state) ?? 0);
  });
  dbGauge('banditore_alerts', 'Alerts sending now, and alerts paused (by Meta errors or held).', ['state'], (g, s) => {
    g.set({ state: 'sending' }, s.alertsSending);
    g.set({ state: 'paused' }, s.alertsPaused);
  });
  dbGauge(
    'banditore_inbound_events',
    'Webhook events stored but not processed yet: waiting for a worker, or parked after repeated failures (need a person).',
    ['state'],
    (g, s) => {
      g.set({ state: 'waiting' }, s.inboundWaiting);
      g.set({ state: 'parked' }, s.inboundParked);
    },
  );
  dbGauge(
    'banditore_send_rate_cap_messages_per_second',
    'The configured send rate cap (setting messagesPerSecond), divided while Meta asks to slow down (130429).',
    [],
    (g, s) => g.set(s.rateCap / s.slowFactor),
  );
  dbGauge(
    'banditore_daily_limit',
    "Meta's messaging limit (distinct people reached outside the 24-hour window per rolling 24 h): the limit (-1 = unlimited), used, remaining.",
    ['figure'],
    (g, s) => {
      g.set({ figure: 'limit' }, s.dailyLimit ?? -1);
      g.set({ figure: 'used' }, s.dailyUsed);
      g.set({ figure: 'remaining' }, s.dailyLimit === null ? -1 : Math.max(0, s.dailyLimit - s.dailyUsed));
    },
  );

  return {
    registry,
    async scrape() {
      pending = null;
      try {
        return await registry.metrics();
      } finally {
        pending = null;
      }
    },
    startWebhook(method) {
      const end = webhookDuration.startTimer({ method });
      return (status) => {
        end();
        webhookRequests.inc({ method, status: String(status) });
      };
    },
  };
}

/**
 * Who may read /metrics: with METRICS_TOKEN set, only a request with `Authorization: Bearer
 * <token>` (from anywhere: a Prometheus on another host); without it, only this machine (loopback
 * socket, no proxy header), so a default installation behind a proxy does not publish it.
 */
export async function serveMetrics(metrics: Metrics, token: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const auth = req.headers.authorization;
  const given = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  const refuse = (status: number, message: string) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
    });
    res.end(message);
  };
  if (token !== null && !sameSecret(given, token)) return refuse(401, 'missing or wrong bearer token (METRICS_TOKEN)\n');
  if (token === null && !isLocalRequest(req)) return refuse(403, '/metrics answers only on this machine unless METRICS_TOKEN is set\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return refuse(405, 'method not allowed\n');
  }
  const body = await metrics.scrape();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
