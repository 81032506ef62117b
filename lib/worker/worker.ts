import pg from 'pg';
import PgBoss from 'pg-boss';
import type { AppContext } from '../context';
import { INBOUND_CHANNEL } from '../inbound/receive-webhook';
import { processInboundBatch } from '../inbound/process-events';
import { OUTBOX_CHANNEL } from '../outbox/enqueue';
import { sendOutboxBatch } from '../outbox/send-outbox';
import type { GraphClient } from '../whatsapp/client';
import { runMaintenance } from './maintenance';

export interface Worker {
  stop(): Promise<void>;
}

/** Idle loops still look every POLL_MS, so a missed notification costs at most that. */
const POLL_MS = 1000;

/**
 * The background worker: processes inbound webhook events, sends the outbox, and runs scheduled
 * maintenance on pg-boss. Several workers (processes) can run at once: every claim uses
 * FOR UPDATE SKIP LOCKED and every effect is idempotent. LISTEN/NOTIFY wakes a loop at once when
 * work arrives.
 */
export async function startWorker(ctx: AppContext, opts: { databaseUrl: string; graph: GraphClient }): Promise<Worker> {
  let running = true;
  const wakers = new Map<string, () => void>();
  const listener = new pg.Client({ connectionString: opts.databaseUrl });
  listener.on('error', (e) => ctx.log.warn('worker listener error', { error: e }));
  listener.on('notification', (n) => wakers.get(n.channel)?.());
  await listener.connect();
  await listener.query(`LISTEN ${INBOUND_CHANNEL}`);
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);

  const loop = async (channel: string, step: () => Promise<number>) => {
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
    }
  };
  const loops = [
    loop(INBOUND_CHANNEL, () => processInboundBatch(ctx)),
    loop(OUTBOX_CHANNEL, () => sendOutboxBatch(ctx, opts.graph)),
  ];

  const boss = new PgBoss({ connectionString: opts.databaseUrl, max: 3 });
  boss.on('error', (e) => ctx.log.error('pg-boss error', { error: e }));
  await boss.start();
  await boss.createQueue('maintenance');
  await boss.schedule('maintenance', '*/10 * * * *', {}, { tz: 'Europe/Rome' });
  await boss.work('maintenance', async () => {
    ctx.log.info('maintenance', await runMaintenance(ctx));
  });

  return {
    async stop() {
      running = false;
      for (const wake of wakers.values()) wake();
      await Promise.all(loops);
      await boss.stop({ graceful: true, wait: true });
      await listener.end();
    },
  };
}
