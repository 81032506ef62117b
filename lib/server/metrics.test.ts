import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAlert, waitFor } from '../delivery/testing/fixtures';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { seedSubscribers } from '../testing/fixtures';
import { metaJson, statusUpdate, webhookPayload } from '../whatsapp/fixtures';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { signPayload, SIGNATURE_HEADER } from '../whatsapp/signature';
import { createMetrics } from './metrics';
import { createRequestHandler } from './request-handler';

/**
 * GET /metrics over real HTTP, in front of a real send: the figures move while an alert goes out
 * through the delivery engine to the simulator, webhook POSTs are counted and timed, and the
 * access rule holds (loopback without a token, only the bearer token with one).
 */
let h: SendHarness;
const servers: http.Server[] = [];
const TOKEN = 'metrics-token-for-the-test-0123456789';

async function serve(token: string | null): Promise<string> {
  const metrics = { metrics: createMetrics(h.ctx), token };
  const env = { publicUrl: 'http://localhost:3000', trustProxy: false, nodeEnv: 'production' as const, whatsapp: { graphUrl: 'http://127.0.0.1:9' } };
  const server = http.createServer(
    createRequestHandler({
      ctx: h.ctx,
      env,
      simulator: null,
      metrics,
      next: async (_req, res) => {
        res.statusCode = 404;
        res.end();
      },
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The sample values of one scrape, by "name{labels}". */
async function scrape(base: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const r = await fetch(`${base}/metrics`, { headers });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  const values = new Map<string, number>();
  for (const line of (await r.text()).split('\n')) {
    const m = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return values;
}

let open: string;
beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: 200 });
  open = await serve(null);
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await h.close();
});

describe('GET /metrics', () => {
  it('moves during a send: queued, then accepted by Meta, the cap and the daily limit shown', async () => {
    await seedSubscribers(h.ctx, { count: 300 });
    const before = await scrape(open);
    expect(before.get('banditore_sends_total{outcome="accepted"}')).toBe(0);
    expect(before.get('banditore_send_rate_cap_messages_per_second')).toBe(200);
    expect(before.get('banditore_daily_limit{figure="limit"}')).toBe(-1);

    const { alertId } = await publishAlert(h.ctx);
    const queued = await scrape(open);
    expect(queued.get('banditore_deliveries{state="QUEUED"}')).toBe(300);
    expect(queued.get('banditore_queue_depth{queue="deliveries_queued"}')).toBe(300);
    expect(queued.get('banditore_alerts{state="sending"}')).toBe(1);

    await h.startEngine();
    const during = await waitFor(
      () => scrape(open),
      (m) => (m.get('banditore_sends_total{outcome="accepted"}') ?? 0) > 0,
      10_000,
      20,
    );
    expect(during.get('banditore_sends_total{outcome="accepted"}')).toBeLessThanOrEqual(300);
    const after = await waitFor(
      () => scrape(open),
      (m) => m.get('banditore_sends_total{outcome="accepted"}') === 300,
      20_000,
    );
    expect(after.get('banditore_deliveries{state="QUEUED"}')).toBe(0);
    expect(after.get('banditore_queue_depth{queue="deliveries_in_flight"}')).toBe(0);
    expect(after.get('banditore_sends_total{outcome="failed"}')).toBe(0);
    const pool = after.get('banditore_db_pool_connections{state="total"}') ?? 0;
    expect(pool).toBeGreaterThan(0);
    expect(pool).toBeLessThanOrEqual(after.get('banditore_db_pool_connections{state="max"}')!);
    expect(after.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    await h.ctx.db.alert.update({ where: { id: alertId }, data: { status: 'SENT' } });
  });

  it('counts and times Meta webhook POSTs by status, and inbound events waiting', async () => {
    const raw = Buffer.from(metaJson(webhookPayload({ statuses: [statusUpdate('delivered')], phoneNumberId: TEST_IDS.phoneNumberId })));
    const base = await serve(null);
    const post = (sig: string) => fetch(`${base}/api/whatsapp/webhook`, { method: 'POST', body: raw, headers: { [SIGNATURE_HEADER]: sig } });
    expect((await post(signPayload(raw, h.ctx.whatsapp.appSecret))).status).toBe(200);
    expect((await post('sha256=' + '0'.repeat(64))).status).toBe(401);
    const m = await scrape(base);
    expect(m.get('banditore_webhook_requests_total{method="POST",status="200"}')).toBe(1);
    expect(m.get('banditore_webhook_requests_total{method="POST",status="401"}')).toBe(1);
    expect(m.get('banditore_webhook_request_duration_seconds_count{method="POST"}')).toBe(2);
    expect(m.get('banditore_webhook_request_duration_seconds_bucket{le="+Inf",method="POST"}')).toBe(2);
    expect(m.has('banditore_inbound_events{state="waiting"}')).toBe(true);
  });

  it('without METRICS_TOKEN answers only on loopback, not through a proxy', async () => {
    const r = await fetch(`${open}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('banditore_');
  });

  it('with METRICS_TOKEN set, only with that bearer token', async () => {
    const base = await serve(TOKEN);
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of attempts) {
      const r = await fetch(`${base}/metrics`, { headers });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
    }
    const m = await scrape(base, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.7' });
    expect(m.has('banditore_deliveries{state="SENT"}')).toBe(true);
  });

  it('the Grafana dashboard (docs/grafana/banditore.json) queries only metrics that exist', () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/banditore.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const registry = createMetrics(h.ctx).registry;
    const used = new Set<string>();
    for (const p of dashboard.panels) {
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) for (const m of t.expr.matchAll(/\b(?:banditore|process)_[a-z_]+/g)) used.add(m[0].replace(/_(bucket|count|sum)$/, ''));
    }
    expect(used.size).toBeGreaterThanOrEqual(10);
    for (const name of used) expect(registry.getSingleMetric(name), name).toBeDefined();
  });
});
