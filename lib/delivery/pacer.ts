import { performance } from 'node:perf_hooks';
import { CHUNK_MS } from './options';
import { slotInterval, type LimiterConnection, type Slot } from './rate-limiter';

export interface PacerHooks<T> {
  /** Items waiting for a slot, in order; the pacer takes from the front and gives back to it. */
  take(n: number): T[];
  giveBack(items: T[]): void;
  available(): number;
  /** How many more requests may start now (the in-flight limit minus the requests in flight). */
  capacity(): number;
  /** Called at the item's slot time; must start the request synchronously. */
  fire(item: T): void;
  messagesPerSecond(): number;
  onError(e: unknown): void;
}

/**
 * Turns limiter reservations into send start times. Keeps about two chunks of slots reserved
 * ahead, fires each item no earlier than its slot and never later than the slot's deadline: an
 * item whose slot was missed (event loop busy) loses the slot and goes back to wait for a new one.
 */
export class Pacer<T> {
  private readonly scheduled: { item: T; slot: Slot }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private reserving: Promise<void> | null = null;
  private stopped = false;
  private pausedUntil = 0;
  missedSlots = 0;
  /** Lateness of fired slots (ms), for the debug log. */
  private lateness = { fired: 0, over5: 0, over10: 0, over20: 0, max: 0, errorMax: 0 };
  /** Why no slot was reserved or used (debug log): nothing buffered, in-flight limit, limiter refused. */
  private blocked = { empty: 0, full: 0, refused: 0, reservations: 0 };

  /** The debug counters since the last call. */
  takeCounters(): { missedSlots: number; lateness: Pacer<T>['lateness']; blocked: Pacer<T>['blocked'] } {
    const out = { missedSlots: this.missedSlots, lateness: this.lateness, blocked: this.blocked };
    this.lateness = { fired: 0, over5: 0, over10: 0, over20: 0, max: 0, errorMax: 0 };
    this.blocked = { empty: 0, full: 0, refused: 0, reservations: 0 };
    return out;
  }

  constructor(
    private readonly limiter: LimiterConnection,
    private readonly key: string,
    private readonly toleranceMs: number,
    private readonly hooks: PacerHooks<T>,
  ) {}

  get pending(): number {
    return this.scheduled.length;
  }

  /** Stops reserving for a while (circuit breaker after repeated network failures). */
  holdUntil(localTime: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, localTime);
  }

  /** Reserves more slots when fewer than two chunks are scheduled ahead. Cheap; call it often. */
  pump(): void {
    if (this.stopped || this.reserving) return;
    const now = performance.now();
    if (now < this.pausedUntil) return this.arm(this.pausedUntil);
    const mps = this.hooks.messagesPerSecond();
    const chunk = Math.max(1, Math.round((mps * CHUNK_MS) / 1000));
    const last = this.scheduled.at(-1)?.slot.notBefore ?? -Infinity;
    if (last - now > 2 * CHUNK_MS) return;
    // Scheduled items are not in flight yet (nothing can be sent twice before it starts); what they
    // may start is checked again when their slot comes.
    const n = Math.min(chunk, this.hooks.available());
    if (n <= 0 || this.hooks.capacity() <= 0) {
      if (n <= 0) this.blocked.empty++;
      else this.blocked.full++;
      return;
    }
    this.blocked.reservations++;
    const items = this.hooks.take(n);
    this.reserving = this.limiter
      .reserve(this.key, items.length, slotInterval(mps, this.toleranceMs), this.toleranceMs)
      .then((r) => {
        if (this.stopped) return this.hooks.giveBack(items);
        if (!r.granted) {
          this.blocked.refused++;
          this.hooks.giveBack(items);
          return this.arm(performance.now() + r.retryInMs);
        }
        items.forEach((item, i) => this.scheduled.push({ item, slot: r.slots[i]! }));
        this.arm(this.scheduled[0]!.slot.notBefore);
      })
      .catch((e: unknown) => {
        this.hooks.giveBack(items);
        this.hooks.onError(e);
        this.holdUntil(performance.now() + 1000);
      })
      .finally(() => {
        this.reserving = null;
        this.pump();
      });
  }

  /** Fires everything whose slot has come; items past their deadline lose their slot. */
  private fireDue(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const missed: T[] = [];
    while (this.scheduled.length > 0 && this.scheduled[0]!.slot.notBefore <= performance.now()) {
      const { item, slot } = this.scheduled.shift()!;
      // Read the clock again for every item: firing the previous ones took time too.
      const now = performance.now();
      const late = now - slot.notBefore;
      this.lateness.fired++;
      if (late > 5) this.lateness.over5++;
      if (late > 10) this.lateness.over10++;
      if (late > 20) this.lateness.over20++;
      this.lateness.max = Math.max(this.lateness.max, late);
      this.lateness.errorMax = Math.max(this.lateness.errorMax, this.toleranceMs - (slot.deadline - slot.notBefore));
      if (now > slot.deadline) missed.push(item);
      else if (this.hooks.capacity() <= 0) {
        // The in-flight limit is reached: the slot is given up rather than the limit exceeded.
        this.blocked.full++;
        missed.push(item);
      } else this.hooks.fire(item);
    }
    if (missed.length > 0) {
      this.missedSlots += missed.length;
      this.hooks.giveBack(missed);
    }
    if (this.scheduled.length > 0) this.arm(this.scheduled[0]!.slot.notBefore);
    this.pump();
  }

  private arm(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // setTimeout may fire a little early on some platforms: fireDue re-checks against the clock.
    this.timer = setTimeout(() => this.fireDue(), Math.max(0, Math.ceil(at - performance.now())));
  }

  /** Stops; the items still scheduled (not started) are returned. */
  async stop(): Promise<T[]> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reserving;
    return this.scheduled.splice(0).map((s) => s.item);
  }
}
