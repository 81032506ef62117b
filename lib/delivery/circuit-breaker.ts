/** Transport failures in a row after which sending is held. */
export const BREAKER_THRESHOLD = 10;
/** The first hold; each further failure doubles it, up to BREAKER_MAX_HOLD_MS. */
export const BREAKER_BASE_HOLD_MS = 500;
export const BREAKER_MAX_HOLD_MS = 30_000;

export interface BreakerDeps {
  /** Stops starting sends until this local time (Pacer.holdUntil). */
  holdUntil(localTime: number): void;
  /** Local monotonic clock in ms (performance.now in production). */
  now(): number;
  onHold?(failures: number, waitMs: number): void;
}

/**
 * The sender's circuit breaker. Meta (or the network) being down shows as transport failures in a
 * row; after BREAKER_THRESHOLD of them every further one holds sending for longer (0.5 s, 1 s, 2 s
 * ... up to 30 s) instead of burning the deliveries' attempts. One success closes it again.
 */
export class CircuitBreaker {
  private failures = 0;

  constructor(
    private readonly deps: BreakerDeps,
    private readonly threshold = BREAKER_THRESHOLD,
  ) {}

  /** Transport failures in a row so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  succeeded(): void {
    this.failures = 0;
  }

  /** Records a transport failure; returns the hold it started (ms), or null below the threshold. */
  transportFailed(): number | null {
    if (++this.failures < this.threshold) return null;
    const doublings = Math.min(6, this.failures - this.threshold);
    const wait = Math.min(BREAKER_MAX_HOLD_MS, BREAKER_BASE_HOLD_MS * 2 ** doublings);
    this.deps.holdUntil(this.deps.now() + wait);
    this.deps.onHold?.(this.failures, wait);
    return wait;
  }
}
