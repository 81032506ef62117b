import type { AppContext } from '../context';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { INBOUND_CHANNEL } from './channels';

const KIND = { message: 'MESSAGE', status: 'STATUS', template_status: 'TEMPLATE_STATUS' } as const;
/** Bigger batches only add latency for everyone in them. */
const MAX_BATCH_EVENTS = 2000;
/** Two statements in flight keep the database busy while the next batch gathers. */
const MAX_IN_FLIGHT = 2;

interface Waiting {
  events: WebhookEvent[];
  resolve(stored: number): void;
  reject(e: unknown): void;
}

export interface EventSink {
  /** Resolves after the commit with how many of the events were new; rejects if the commit failed. */
  store(events: WebhookEvent[]): Promise<number>;
}

/**
 * Group commit for webhook events: requests that arrive while a batch is being written wait for
 * the next one, so under load one INSERT (and one commit, one NOTIFY) serves many POSTs, and an
 * idle server still writes each POST at once. Every caller learns its own outcome only after its
 * batch committed, so the 200 to Meta still means "stored".
 */
export function createEventSink(ctx: AppContext): EventSink {
  const queue: Waiting[] = [];
  let inFlight = 0;

  const flush = async (): Promise<void> => {
    if (inFlight >= MAX_IN_FLIGHT || queue.length === 0) return;
    inFlight++;
    const batch: Waiting[] = [];
    let size = 0;
    while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.events.length <= MAX_BATCH_EVENTS)) {
      const w = queue.shift()!;
      batch.push(w);
      size += w.events.length;
    }
    try {
      const inserted = await insertEvents(
        ctx,
        batch.flatMap((w) => w.events),
      );
      for (const w of batch) {
        let n = 0;
        for (const e of w.events) if (inserted.delete(e.dedupeKey)) n++;
        w.resolve(n);
      }
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      inFlight--;
      void flush();
    }
  };

  return {
    store(events) {
      if (events.length === 0) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        void flush();
      });
    },
  };
}

/** One statement: insert what is new, skip what Meta already sent, wake the workers. */
async function insertEvents(ctx: AppContext, events: WebhookEvent[]): Promise<Set<string>> {
  const r = await ctx.pool.query<{ dedupe_key: string }>(
    `WITH ins AS (
       INSERT INTO inbound_events (dedupe_key, kind, payload_enc)
       SELECT * FROM unnest($1::text[], $2::"InboundEventKind"[], $3::text[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING dedupe_key)
     -- PostgreSQL folds identical notifications of one transaction into one.
     SELECT dedupe_key, pg_notify('${INBOUND_CHANNEL}', '') FROM ins`,
    [events.map((e) => e.dedupeKey), events.map((e) => KIND[e.kind]), events.map((e) => ctx.cipher.encrypt(JSON.stringify(e)))],
  );
  return new Set(r.rows.map((row) => row.dedupe_key));
}
