import type { AppContext } from '../context';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { INBOUND_CHANNEL } from './channels';

// Category changes share the template row kind: the payload says which it is.
const KIND = {
  message: 'MESSAGE',
  status: 'STATUS',
  template_status: 'TEMPLATE_STATUS',
  template_category: 'TEMPLATE_STATUS',
  number_health: 'NUMBER_HEALTH',
} as const;
/** Bigger batches only add latency for everyone in them. */
const MAX_BATCH_EVENTS = 2000;
/**
 * One statement in flight: the next batch gathers meanwhile. With one status per POST (thousands of
 * POSTs per second) a second statement in flight halved the batches, and every statement costs the
 * database and this process a round trip whatever its size.
 */
const MAX_IN_FLIGHT = 1;
/**
 * Events waiting for a statement, beyond the batch in flight. A hung database (not refusing,
 * just not answering) must not make memory grow until the process dies: past this bound a POST is
 * refused at once and Meta retries it later. Five full batches, a few tens of MB at most.
 */
export const MAX_PENDING_EVENTS = 10_000;
/**
 * How long a POST waits for its commit before it is answered 503: well within the time Meta waits
 * for an answer, so Meta sees a refusal (and retries) rather than a hang.
 */
export const STORE_TIMEOUT_MS = 5000;

/** The sink did not store the events in time or had no room for them; nothing is promised stored. */
export class SinkUnavailableError extends Error {
  constructor(readonly reason: 'full' | 'timeout') {
    super(reason === 'full' ? 'webhook event queue full' : 'webhook events not committed in time');
    this.name = 'SinkUnavailableError';
  }
}

interface Waiting {
  events: WebhookEvent[];
  resolve(stored: number): void;
  reject(e: unknown): void;
}

export interface EventSink {
  /**
   * Resolves after the commit with how many of the events were new; rejects if the commit failed,
   * with SinkUnavailableError when the queue is full or the commit took longer than the timeout.
   * A rejected store may still commit later: the dedupe key makes Meta's retry a no-op then.
   */
  store(events: WebhookEvent[]): Promise<number>;
  /** Events queued and not yet handed to a statement (at most maxPendingEvents). */
  pending(): number;
}

export interface EventSinkOptions {
  maxPendingEvents?: number;
  timeoutMs?: number;
}

/**
 * Group commit for webhook events: requests that arrive while a batch is being written wait for
 * the next one, so under load one INSERT (and one commit, one NOTIFY) serves many POSTs, and an
 * idle server still writes each POST at once. Every caller learns its own outcome only after its
 * batch committed, so the 200 to Meta still means "stored".
 */
export function createEventSink(ctx: AppContext, options: EventSinkOptions = {}): EventSink {
  const maxPending = options.maxPendingEvents ?? MAX_PENDING_EVENTS;
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
  const queue: Waiting[] = [];
  let pending = 0;
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
    pending -= size;
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
      // An empty queue takes any POST, however many events it holds: it could never fit otherwise.
      if (pending > 0 && pending + events.length > maxPending) return Promise.reject(new SinkUnavailableError('full'));
      return new Promise<number>((resolve, reject) => {
        let settled = false;
        const once =
          <T>(f: (v: T) => void) =>
          (v: T) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            f(v);
          };
        const w: Waiting = { events, resolve: once(resolve), reject: once(reject) };
        const timer = setTimeout(() => {
          // Still queued: drop it, so a hung database holds no more than the batches in flight.
          const i = queue.indexOf(w);
          if (i >= 0) {
            queue.splice(i, 1);
            pending -= events.length;
          }
          w.reject(new SinkUnavailableError('timeout'));
        }, timeoutMs);
        queue.push(w);
        pending += events.length;
        void flush();
      });
    },
    pending: () => pending,
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
