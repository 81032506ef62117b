import { classifyError, GraphApiError, GraphNetworkError, GraphValidationError } from '../whatsapp/errors';
import { MAX_ATTEMPTS } from './options';

/**
 * What one send attempt means for its delivery, decided from the Graph client's error and Meta's
 * error table (lib/whatsapp/errors.ts). Pure, so the policy is tested without a network.
 */
export type Outcome =
  | { kind: 'sent'; wamid: string }
  /** Back to QUEUED, due after delayMs. `slowDown`: Meta's throughput limit, slow every worker. */
  | { kind: 'retry'; delayMs: number; code: number | null; detail: string; slowDown?: boolean; transport?: boolean }
  | { kind: 'failed'; code: number | null; detail: string; flagSubscriber?: boolean; holdRecipient?: boolean }
  /** The request may have reached Meta: wait for a status webhook before sending again. */
  | { kind: 'uncertain'; detail: string }
  /** Nothing more may go out until staff look: the delivery goes back to QUEUED, untouched. */
  | { kind: 'pause'; scope: 'alert' | 'all'; code: number | null; detail: string; reason: string };

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 60_000;
const PAIR_CAP_MS = 15 * 60_000;
const LATER_MS: Record<number, number> = { 131057: 60_000, 80007: 60_000, 4: 60_000 };

/** Capped exponential backoff with jitter (half fixed, half random), attempt 1 -> ~0.5 s. */
export function backoffMs(attempt: number, random = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Meta's advice for 131056: retry that recipient after 4^n seconds. */
export function pairBackoffMs(attempt: number, random = Math.random): number {
  return Math.min(PAIR_CAP_MS, 4 ** Math.max(1, attempt) * 1000) + Math.round(random() * 500);
}

function pauseReason(code: number | null, action: string, detail: string): string {
  if (code === 131048) return 'Meta ha segnalato troppi messaggi considerati spam (errore 131048): invio sospeso. Controlla il testo prima di riprendere.';
  if (code === 368) return 'Meta ha bloccato temporaneamente l’account per le sue regole (errore 368): tutti gli invii sono sospesi.';
  if (action === 'fix_template') return `Il modello WhatsApp non è utilizzabile${code !== null ? ` (errore ${code})` : ''}: invio sospeso. ${detail}`.trim();
  return `WhatsApp rifiuta gli invii${code !== null ? ` (errore ${code})` : ''}: controlla il token di accesso e l’account. Invii sospesi.`;
}

export function outcomeOfError(err: unknown, attempts: number, random = Math.random): Outcome {
  const c = classifyError(err);
  const code = err instanceof GraphApiError ? err.code : err instanceof GraphValidationError ? (err.metaCode ?? null) : null;
  const detail = (err instanceof GraphApiError && err.details ? `${err.message}: ${err.details}` : ((err as Error)?.message ?? String(err))).slice(0, 500);
  if (err instanceof GraphNetworkError && err.maybeDelivered) return { kind: 'uncertain', detail };
  if (c.action === 'pause_alert' || c.action === 'fix_template' || err instanceof GraphValidationError) {
    return { kind: 'pause', scope: 'alert', code, detail, reason: pauseReason(code, c.action === 'pause_alert' ? 'pause_alert' : 'fix_template', detail) };
  }
  if (c.action === 'stop_sending') return { kind: 'pause', scope: 'all', code, detail, reason: pauseReason(code, c.action, detail) };
  if (c.action === 'flag_subscriber') return { kind: 'failed', code, detail, flagSubscriber: true };
  // 131049: this delivery ends; the recipient gets nothing more for 24 h (claim-deliveries.ts skips them).
  if (c.action === 'hold_recipient') return { kind: 'failed', code, detail, holdRecipient: true };
  if (c.retry === 'never' || (c.retry === 'later' && code !== null && !(code in LATER_MS))) return { kind: 'failed', code, detail };
  if (attempts >= MAX_ATTEMPTS) return { kind: 'failed', code, detail: `dopo ${attempts} tentativi: ${detail}`.slice(0, 500) };
  const delayMs =
    c.retry === 'pair'
      ? pairBackoffMs(attempts, random)
      : c.retry === 'later' && code !== null
        ? (LATER_MS[code] ?? 60_000) + Math.round(random() * 5000)
        : backoffMs(attempts, random);
  return {
    kind: 'retry',
    delayMs,
    code,
    detail,
    ...(c.action === 'slow_down' ? { slowDown: true } : {}),
    ...(err instanceof GraphNetworkError || (err instanceof GraphApiError && err.httpStatus >= 500) ? { transport: true } : {}),
  };
}
