import pg from 'pg';
import PgBoss from 'pg-boss';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { registerAlertJobs } from '../alerts/jobs';
import { resumeStalledPublishing } from '../alerts/continue-publishing';
import type { AppContext } from '../context';
import { clientConfig } from '../db';
import { startDeliveryEngine, type DeliveryEngine } from '../delivery/engine';
import { DEFAULT_ENGINE_OPTIONS, DELIVERY_CHANNEL, type EngineOptions } from '../delivery/options';
import { LimiterConnection } from '../delivery/rate-limiter';
import { rateLimitedGraph } from '../delivery/slot-gate';
import type { DeliveryConfig } from '../env';
import { INBOUND_CHANNEL } from '../inbound/receive-webhook';
import { processInboundBatch } from '../inbound/process-events';
import { OUTBOX_CHANNEL } from '../outbox/enqueue';
import { sendOutboxBatch } from '../outbox/send-outbox';
import { MAIL_CHANNEL } from '../outbox/enqueue-mail';
import { sendMailBatch, type Mailer } from '../outbox/send-mail';
import type { GraphClient } from '../whatsapp/client';
import { startListener } from './listener';
import { runMaintenance } from './maintenance';
import { NUMBER_HEALTH_CRON } from '../delivery/number-health';
import { refreshNumberHealth } from '../delivery/update-number-health';

export interface Worker {
  stop(): Promise<void>;
  /** The alert sender of this worker (statistics for benchmarks and tests). */
  delivery: DeliveryEngine;
}

export interface WorkerOptions {
  databaseUrl: string;
  graph: GraphClient;
  /** From the environment (DELIVERY_*); defaults otherwise. */
  delivery?: Partial<DeliveryConfig> & Partial<Pick<EngineOptions, 'sendTimeoutMs' | 'pollMs' | 'housekeepingMs' | 'toleranceMs'>>;
  /** Sends the mail outbox (SMTP_*); without it mails stay queued and the dashboard shows the notices. */
  mailer?: Mailer | null;
}

/**
 * The Graph client's timeout for a worker: a send must be able to time out well inside its lease,
 * or a slow answer could outlive the lease and the delivery be sent twice by another worker.
 */
export function graphTimeoutMs(delivery: Pick<DeliveryConfig, 'leaseMs'>): number {
  return Math.min(15_000, Math.floor(delivery.leaseMs / 2));
}

/** Idle loops still look every POLL_MS, so a missed notification costs at most that. */
const POLL_MS = 1000;
const INBOUND_BATCH = 200;
/**
 * After a batch smaller than INBOUND_BATCH the inbound loop lets events gather this long: at
 * thousands of status webhooks per second, claiming each handful at once cost a claim, a lookup, an
 * update and a "processed" mark per handful; batches of ~100 cost the same statements per batch.
 * A reply waits at most this much longer.
 */
const INBOUND_GATHER_MS = 25;
const BOSS_SETUP_LOCK = 72707371;

/**
 * The background worker: sends alerts (lib/delivery, docs/delivery.md), processes inbound webhook
 * events, sends the outbox, and runs scheduled work on pg-boss (maintenance, scheduled alerts).
 * Several workers (processes) can run at once: every claim uses FOR UPDATE SKIP LOCKED, the send
 * rate is shared through the database, and every effect is idempotent. LISTEN/NOTIFY wakes a loop
 * at once when work arrives.
 */
export async function startWorker(ctx: AppContext, opts: WorkerOptions): Promise<Worker> {
  let running = true;
  const wakers = new Map<string, () => void>();
  const listener = await startListener(ctx, opts.databaseUrl, [INBOUND_CHANNEL, OUTBOX_CHANNEL, DELIVERY_CHANNEL, MAIL_CHANNEL], (channel) =>
    wakers.get(channel)?.(),
  );

  const leaseMs = opts.delivery?.leaseMs ?? DEFAULT_ENGINE_OPTIONS.leaseMs;
  const engineOptions = {
    ...DEFAULT_ENGINE_OPTIONS,
    sendTimeoutMs: graphTimeoutMs({ leaseMs }),
    ...opts.delivery,
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    limiterKey: ctx.whatsapp.phoneNumberId,
    databaseUrl: opts.databaseUrl,
  };
  // Quality and messaging limit from Meta at start-up, without waiting for it: until it answers the
  // sender uses what the last read stored (never fatal: see update-number-health.ts).
  const firstRead = refreshNumberHealth(ctx, opts.graph).catch((e: unknown) => ctx.log.error('number health at start-up failed', { error: e }));
  const delivery = await startDeliveryEngine(ctx, opts.graph, engineOptions);
  wakers.set(DELIVERY_CHANNEL, () => delivery.wake());
  // Replies and test sends count toward Meta's throughput too: they take slots of the same limiter.
  const outboxLimiter = new LimiterConnection(opts.databaseUrl);
  const outboxGraph = rateLimitedGraph(ctx, opts.graph, outboxLimiter, engineOptions.limiterKey, engineOptions.toleranceMs);

  const loop = async (channel: string, step: () => Promise<number>, gather?: { full: number; ms: number }) => {
    while (running) {
      let n = 0;
      try {
        n = await step();
      } catch (e) {
        ctx.log.error('worker step failed', { channel, error: e });
      }
      if (n === 0 && running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, POLL_MS);
          wakers.set(channel, () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      // Woken by the first event of a burst, or a batch not full: let the next ones gather.
      if (gather && n < gather.full && running) await new Promise((r) => setTimeout(r, gather.ms));
    }
  };
  const loops = [
    loop(INBOUND_CHANNEL, () => processInboundBatch(ctx, INBOUND_BATCH), { full: INBOUND_BATCH, ms: INBOUND_GATHER_MS }),
    loop(OUTBOX_CHANNEL, () => sendOutboxBatch(ctx, outboxGraph)),
    // A publication whose web process died mid-way (streaming publishing) is continued here.
    loop('publishing', async () => (await resumeStalledPublishing(ctx, undefined, () => !running)).length),
  ];
  const mailer = opts.mailer;
  if (mailer) loops.push(loop(MAIL_CHANNEL, () => sendMailBatch(ctx, mailer)));

  const boss = new PgBoss({ ...clientConfig(opts.databaseUrl), max: 3 });
  boss.on('error', (e) => ctx.log.error('pg-boss error', { error: e }));
  // pg-boss's set-up deadlocks when several workers start at once on a fresh database: one at a time.
  // A session lock: held on a connection of its own, released when that connection ends.
  const setupLock = new pg.Client(clientConfig(opts.databaseUrl));
  setupLock.on('error', (e) => ctx.log.warn('worker set-up lock connection error', { error: e }));
  await setupLock.connect();
  await setupLock.query('SELECT pg_advisory_lock($1)', [BOSS_SETUP_LOCK]);
  try {
    await boss.start();
    await boss.createQueue('maintenance');
    await boss.schedule('maintenance', '*/10 * * * *', {}, { tz: 'Europe/Rome' });
    // Quality and messaging limit re-read from Meta every few minutes, by one worker at a time.
    await boss.createQueue('number-health');
    await boss.schedule('number-health', NUMBER_HEALTH_CRON, {}, { tz: 'Europe/Rome' });
    // Scheduled alerts (lib/alerts/jobs.ts): publishing at their release time.
    await registerAlertJobs(boss, ctx);
  } finally {
    await setupLock.end();
  }
  await boss.work('maintenance', async () => {
    ctx.log.info('maintenance', await runMaintenance(ctx));
  });
  await boss.work('number-health', async () => {
    await refreshNumberHealth(ctx, opts.graph);
  });

  return {
    delivery,
    async stop() {
      // The sender first: it finishes its requests in flight and gives back what it has not sent.
      await delivery.stop();
      await firstRead;
      running = false;
      for (const wake of wakers.values()) wake();
      await Promise.all(loops);
      // Pooled SMTP connections (lib/outbox/send-mail.ts) would keep the process alive.
      mailer?.close();
      await boss.stop({ graceful: true, wait: true });
      await outboxLimiter.close();
      await listener.close();
    },
  };
}
