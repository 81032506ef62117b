/**
 * Errors thrown by the Graph client and the policy for each Meta error code.
 * The policy mirrors the error table in docs/whatsapp-cloud-api.md (section 3): the sender uses it
 * to decide whether to retry, and what to tell staff, without parsing Meta's human messages.
 */

export type RetryPolicy = 'backoff' | 'pair' | 'later' | 'never';
export type ErrorAction = 'none' | 'slow_down' | 'flag_subscriber' | 'hold_recipient' | 'pause_alert' | 'stop_sending' | 'resend_as_template' | 'fix_template';

export interface ErrorClass {
  retry: RetryPolicy;
  action: ErrorAction;
}

/** Meta answered with an error body (or a non-JSON error page from a proxy in front of it). */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  constructor(
    readonly httpStatus: number,
    /** Meta's `error.code`; -1 when the answer was not a Graph error body (e.g. an HTML 502). */
    readonly code: number,
    readonly subcode: number | undefined,
    readonly type: string,
    message: string,
    readonly details: string | undefined,
    readonly fbtraceId: string | undefined,
  ) {
    super(message);
  }

  get classification(): ErrorClass {
    return classifyGraphFailure(this.code, this.httpStatus);
  }
}

/**
 * No usable answer. `maybeDelivered` is true whenever the request may have reached Meta
 * (timeout after connecting, connection reset mid-exchange, unreadable 200): Meta has no
 * idempotency key, so a blind retry of such a send can deliver twice.
 */
export class GraphNetworkError extends Error {
  override readonly name = 'GraphNetworkError';
  constructor(
    readonly kind: 'timeout' | 'network' | 'bad_response',
    readonly maybeDelivered: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Refused before sending: the input breaks one of Meta's documented limits. `metaCode` is the code
 * Meta would have answered with, when there is one, so callers can reuse the same policy.
 */
export class GraphValidationError extends Error {
  override readonly name = 'GraphValidationError';
  constructor(
    readonly field: string,
    message: string,
    readonly metaCode?: number,
  ) {
    super(message);
  }
}

const TABLE: Record<number, ErrorClass> = {
  130429: { retry: 'backoff', action: 'slow_down' },
  131056: { retry: 'pair', action: 'none' },
  131057: { retry: 'later', action: 'none' },
  131000: { retry: 'backoff', action: 'none' },
  131016: { retry: 'backoff', action: 'none' },
  1: { retry: 'backoff', action: 'none' },
  2: { retry: 'backoff', action: 'none' },
  80007: { retry: 'later', action: 'slow_down' },
  4: { retry: 'later', action: 'slow_down' },
  // Spam limit: retrying blindly makes the quality rating worse; a human must look first.
  131048: { retry: 'never', action: 'pause_alert' },
  // Meta chose not to deliver (ecosystem engagement); another try inside 24 h fails the same way:
  // nothing more goes to that recipient for 24 h. Not a fault of ours or of Meta's service.
  131049: { retry: 'never', action: 'hold_recipient' },
  131026: { retry: 'never', action: 'flag_subscriber' },
  131047: { retry: 'never', action: 'resend_as_template' },
  131051: { retry: 'never', action: 'none' },
  132015: { retry: 'never', action: 'fix_template' },
  132016: { retry: 'never', action: 'fix_template' },
  368: { retry: 'never', action: 'stop_sending' },
  // A marketing opt-out is not an unsubscribe from civic alerts: the usual cause is a template
  // re-categorised as MARKETING, which staff learn from the template webhook, not this subscriber.
  131050: { retry: 'never', action: 'none' },
  // Token expired/invalid or permission missing: every further send fails until an admin fixes it.
  0: { retry: 'never', action: 'stop_sending' },
  190: { retry: 'never', action: 'stop_sending' },
  10: { retry: 'never', action: 'stop_sending' },
};

/** Policy for a Meta error code alone; unknown codes are treated as permanent. */
export function classifyGraphError(code: number): ErrorClass {
  const known = TABLE[code];
  if (known) return { ...known };
  if (code >= 132000 && code <= 132018) return { retry: 'never', action: 'fix_template' };
  if (code >= 200 && code <= 299) return { retry: 'never', action: 'stop_sending' };
  return { retry: 'never', action: 'none' };
}

/**
 * Policy when the HTTP status is known too: an unknown code on a 5xx (or a non-Graph error page)
 * is transient, an unknown code on a 4xx is not. A 429 without a known code means "slow down".
 */
export function classifyGraphFailure(code: number | undefined, httpStatus: number | undefined): ErrorClass {
  if (code !== undefined && code >= 0 && isKnownCode(code)) return classifyGraphError(code);
  if (httpStatus === 429) return { retry: 'backoff', action: 'slow_down' };
  if (httpStatus === undefined || httpStatus >= 500) return { retry: 'backoff', action: 'none' };
  return { retry: 'never', action: 'none' };
}

/**
 * One entry point for whatever the client threw. A network failure is transient, but when
 * `maybeDelivered` is true the caller must decide (e.g. wait for a status webhook) before resending.
 */
export function classifyError(err: unknown): ErrorClass & { maybeDelivered: boolean } {
  if (err instanceof GraphApiError) return { ...err.classification, maybeDelivered: false };
  if (err instanceof GraphNetworkError) return { retry: 'backoff', action: 'none', maybeDelivered: err.maybeDelivered };
  if (err instanceof GraphValidationError) {
    const base = err.metaCode !== undefined ? classifyGraphError(err.metaCode) : { retry: 'never' as const, action: 'none' as const };
    return { ...base, retry: 'never', maybeDelivered: false };
  }
  return { retry: 'never', action: 'none', maybeDelivered: false };
}

function isKnownCode(code: number): boolean {
  return code in TABLE || (code >= 132000 && code <= 132018) || (code >= 200 && code <= 299);
}
