/**
 * Tuning of the alert sender. The defaults suit production; tests shorten the times so that a crash
 * and its recovery fit in a few seconds. docs/delivery.md explains each one.
 */
export interface EngineOptions {
  /** Identifies this worker's leases (host:pid:random); the results it stores must still be its own. */
  workerId: string;
  /** The limiter keeps its own connection (reservations must not queue behind other queries). */
  databaseUrl: string;
  /** Key of the shared limiter row: one per sending number. */
  limiterKey: string;
  /** Requests started but not yet stored, per worker: the most a SIGKILL can make us send twice. */
  maxInFlight: number;
  /** How long a claimed delivery belongs to this worker. */
  leaseMs: number;
  /** An unknown outcome (timeout, dead worker) waits this long for a status webhook before a resend. */
  outcomeWaitMs: number;
  /** The Graph client's timeout: a send must start early enough to end inside its lease. */
  sendTimeoutMs: number;
  /** A send may start at most this late after its slot (docs/delivery.md, "limiter"). */
  toleranceMs: number;
  /** Idle workers look for new work this often (NOTIFY wakes them at once). */
  pollMs: number;
  /** Housekeeping: expired leases, finished alerts, settings. */
  housekeepingMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: Omit<EngineOptions, 'workerId' | 'limiterKey' | 'databaseUrl'> = {
  maxInFlight: 256,
  leaseMs: 30_000,
  outcomeWaitMs: 20_000,
  sendTimeoutMs: 15_000,
  toleranceMs: 20,
  pollMs: 1000,
  housekeepingMs: 1000,
};

/** Meta's pair rate: about one message per recipient every 6 seconds. */
export const PAIR_GAP_MS = 6000;
/** Retryable failures give up after this many attempts (the reason is recorded). */
export const MAX_ATTEMPTS = 10;
/** Each limiter reservation covers about this long at the configured rate (a worker keeps two ahead). */
export const CHUNK_MS = 25;
/** The limiter refuses to reserve further ahead than this: workers share the rate in small turns. */
export const HORIZON_MS = 250;
/** Claimed-but-unsent deliveries a worker keeps, in seconds of sending at the configured rate. */
export const BUFFER_SECONDS = 0.5;
/** Wakes sleeping workers when an alert is published or resumed. */
export const DELIVERY_CHANNEL = 'banditore_delivery';
/** Claims that must count Meta's daily limit serialise on this advisory lock. */
export const QUOTA_LOCK_KEY = 72707370;
/** Meta's rolling window for the messaging limit and the customer service window. */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** After the daily limit is used up, waiting deliveries are looked at again at most this often. */
export const QUOTA_RECHECK_MS = 60_000;
