import { unstable_rethrow } from 'next/navigation';
import { isAppError, type FieldErrors } from '@/lib/errors';
import type { Logger } from '@/lib/log';

/**
 * What a dashboard server action returns to its form (React's useActionState): works without
 * JavaScript too (the page re-renders with it). `values` echoes what the user typed so a refused
 * form does not lose it; never echo passwords.
 */
export interface ActionState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  /** The AppError's own field messages; a field shows its first (`firstError`). */
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  /** Shown once, e.g. a generated temporary password. */
  secret?: string;
}

export const IDLE: ActionState = { status: 'idle' };

/**
 * Expected errors (AppError) become the message; anything else is logged and stays generic.
 * Next's own control flow (redirect, forbidden) passes through untouched.
 */
export function actionError(e: unknown, log: Logger, values?: Record<string, string>): ActionState {
  unstable_rethrow(e);
  if (isAppError(e)) {
    return { status: 'error', message: e.userMessage, fieldErrors: e.details?.fieldErrors, values };
  }
  log.error('dashboard action failed', { error: e });
  return { status: 'error', message: 'Si è verificato un errore imprevisto. Riprova tra poco.', values };
}

export const firstError = (state: ActionState, field: string): string | undefined => state.fieldErrors?.[field]?.[0];

/** Text fields of a FormData (files ignored), for echoing back and parsing. */
export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === 'string' && !k.startsWith('$ACTION')) out[k] = v;
  return out;
}
