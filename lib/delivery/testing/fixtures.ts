/**
 * Helpers shared by the delivery tests and the fan-out benchmark: subscribers seeded in bulk,
 * an alert published through createDeliveries, the app's webhook receiver on a loopback port, and
 * a status processor loop. Real database, real HTTP; only Meta is the project's simulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../context';
import { processInboundBatch } from '../../inbound/process-events';
import { receiveWebhook } from '../../inbound/receive-webhook';
import { SIGNATURE_HEADER } from '../../whatsapp/signature';
import { createDeliveries } from '../create-deliveries';

/** Creates an alert already SENDING and its deliveries, in one transaction like the publisher. */
export async function publishAlert(
  ctx: Pick<AppContext, 'db' | 'now'>,
  opts: { urgent?: boolean; topicIds?: string[] | null; title?: string; body?: string; at?: Date } = {},
): Promise<{ alertId: string; recipients: number }> {
  const at = opts.at ?? ctx.now();
  return ctx.db.$transaction(
    async (tx) => {
      const alert = await tx.alert.create({
        data: {
          title: opts.title ?? 'Via Roma chiusa',
          body: opts.body ?? 'Via Roma è chiusa dalle 18 per lavori.',
          urgency: opts.urgent ? 'URGENT' : 'NORMAL',
          status: 'SENDING',
          allTopics: (opts.topicIds ?? null) === null,
          publishedAt: at,
          templateName: 'avviso_comune',
          templateLanguage: 'it',
        },
      });
      const recipients = await createDeliveries(tx, { alertId: alert.id, topicIds: opts.topicIds ?? null, priority: opts.urgent ? 0 : 1, now: at });
      await tx.alert.update({ where: { id: alert.id }, data: { recipientCount: recipients } });
      return { alertId: alert.id, recipients };
    },
    { timeout: 120_000 },
  );
}

/** The app's webhook receiver (receiveWebhook) on a loopback port, for the simulator's webhookUrl. */
export async function startWebhookReceiver(ctx: AppContext): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sig = req.headers[SIGNATURE_HEADER];
      void receiveWebhook(ctx, Buffer.concat(chunks), typeof sig === 'string' ? sig : null).then(
        (r) => {
          if (r.status === 200) received += r.stored;
          res.writeHead(r.status).end();
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/whatsapp/webhook`,
    received: () => received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Applies stored webhook events continuously, like the worker's inbound loop. */
export function startStatusProcessor(ctx: AppContext, idleMs = 20): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const n = await processInboundBatch(ctx).catch(() => 0);
      if (n === 0) await new Promise((r) => setTimeout(r, idleMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Polls until `check` returns true (or throws after timeoutMs with the last observed value). */
export async function waitFor<T>(probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`timed out; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Deliveries of an alert by status. */
export async function statusCounts(ctx: Pick<AppContext, 'pool'>, alertId?: string): Promise<Record<string, number>> {
  const { rows } = await ctx.pool.query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM deliveries ${alertId ? 'WHERE alert_id = $1::uuid' : ''} GROUP BY 1`,
    alertId ? [alertId] : [],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
