import { performance } from 'node:perf_hooks';

export interface FlusherDeps<R> {
  /** Stores one batch (record-results.ts in the engine); a throw keeps the batch for the next try. */
  store(batch: R[]): Promise<void>;
  /** After every attempt, stored or not: room may have been made for new sends. */
  settled(): void;
  onError(error: unknown, batchSize: number): void;
  /** Local monotonic clock in ms. */
  now?(): number;
}

export interface FlusherOptions {
  /** Results that trigger a write at once. */
  batchSize: number;
  /** Otherwise the first result waits at most this long for others to join its batch. */
  delayMs: number;
  /** After a failed write, the next one waits this long. */
  retryMs: number;
}

/**
 * 40 ms: at 1,000 sends/s a batch of ~40 results. Each write costs a statement and the statement
 * triggers of the rollups whatever its size; batches of ~10 (10 ms) spent most of the database's
 * time on that fixed part. Meta's `sent` status comes later than this (and waits if not).
 */
export const FLUSHER_DEFAULTS: FlusherOptions = { batchSize: 200, delayMs: 40, retryMs: 500 };

/**
 * Batched write-back of send outcomes. Results join a queue; a batch is written when it is full or
 * `delayMs` after its first result. One write at a time: results that arrive meanwhile form the
 * next batch, written when the current one ends if it is full, else `delayMs` after that. A failed write puts its batch back in front.
 */
export class ResultFlusher<R> {
  private readonly queue: R[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timing = { flushes: 0, flushMs: 0 };
  private readonly now: () => number;

  constructor(
    private readonly deps: FlusherDeps<R>,
    private readonly opts: FlusherOptions = FLUSHER_DEFAULTS,
  ) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Results not yet stored (queued or being written). */
  get pending(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.flushing !== null;
  }

  add(result: R): void {
    this.queue.push(result);
    if (this.queue.length >= this.opts.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.delayMs);
  }

  /** Writes what is queued now; while a write runs, waits for that one instead. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing) return this.flushing;
    const batch = this.queue.splice(0, this.queue.length);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
      // What arrived meanwhile goes at once if it fills a batch, else it gathers like a new one:
      // writing it at once made batches of whatever came during one write (~15 results at 1,000/s).
      if (this.queue.length >= this.opts.batchSize) void this.flush();
      else if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.opts.delayMs);
      this.deps.settled();
    });
    return this.flushing;
  }

  /** On stop: keeps writing until nothing is left, or gives up after `timeoutMs` (leases hand the rows over). */
  async drain(timeoutMs: number): Promise<void> {
    const until = this.now() + timeoutMs;
    while ((this.queue.length > 0 || this.flushing) && this.now() < until) await this.flush();
  }

  /** Number of writes and their total time since the last call, for the debug log. */
  takeTiming(): { flushes: number; flushMs: number } {
    const out = this.timing;
    this.timing = { flushes: 0, flushMs: 0 };
    return out;
  }

  private async write(batch: R[]): Promise<void> {
    try {
      const t0 = this.now();
      await this.deps.store(batch);
      this.timing.flushes++;
      this.timing.flushMs += this.now() - t0;
    } catch (e) {
      this.deps.onError(e, batch.length);
      this.queue.unshift(...batch);
      await new Promise((r) => setTimeout(r, this.opts.retryMs));
    }
  }
}
