import { Signal } from './signal';

export interface ClaimLoopDeps<C> {
  /** How many claimed deliveries the worker wants buffered now. */
  target(): number;
  buffered(): number;
  /** Claims up to `target` minus what is buffered by then (claim-deliveries.ts in the engine). */
  claim(target: number): Promise<C[]>;
  /** Makes the claimed deliveries ready to send (messages loaded, buffered). */
  accept(claimed: C[]): Promise<void>;
  onError(error: unknown): void;
}

export interface ClaimLoopOptions {
  /** With nothing claimed (or a failed claim), the next look waits this long unless woken. */
  pollMs: number;
  /** With the buffer more than half full, it is looked at again this often. */
  fullWaitMs: number;
}

/**
 * Keeps the worker's buffer filled: claims when it is half empty or less, asks again at once while
 * there is work, waits `pollMs` (cut short by `wake`, i.e. NOTIFY) when there is none or the claim
 * failed. `stop` ends the loop after the claim in progress, if any.
 */
export class ClaimLoop<C> {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly wakeup = new Signal();

  constructor(
    private readonly deps: ClaimLoopDeps<C>,
    private readonly opts: ClaimLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work may be there: look now instead of at the next poll. */
  wake(): void {
    this.wakeup.notify();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.notify();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const target = this.deps.target();
      if (this.deps.buffered() > target / 2) {
        await this.wakeup.wait(this.opts.fullWaitMs);
        continue;
      }
      let claimed = 0;
      try {
        const r = await this.deps.claim(target);
        claimed = r.length;
        if (claimed > 0) await this.deps.accept(r);
      } catch (e) {
        this.deps.onError(e);
      }
      if (claimed === 0 && this.running) await this.wakeup.wait(this.opts.pollMs);
    }
  }
}
