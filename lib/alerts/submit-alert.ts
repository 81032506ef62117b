import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import { isAppError } from '../errors';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import type { AlertOutcome } from './alert-record';
import { cancelAlert } from './cancel-alert';
import { countRecipients } from './count-recipients';
import { createAlert } from './create-alert';
import { scheduleAlert } from './schedule-alert';
import { parseAlertInput, type AlertComposeFormValues } from './schema';
import { sendAlertNow } from './send-alert-now';

/** The API's `{ id, status, recipients }`: queued deliveries when sent now, the current count otherwise. */
export type SubmitAlertResult = Omit<AlertOutcome, 'recipients'> & { recipients: number };

export interface SubmitAlertInput {
  actor: Actor;
  input: AlertComposeFormValues | unknown;
}

/**
 * What `POST /api/v1/alerts` and the "new alert" form do in one call: create the alert, then
 * `send: true` sends it now, `scheduledAt` schedules it, neither leaves a draft. If sending or
 * scheduling is refused (not launched, template not ready…) the new alert is cancelled rather than
 * left behind as a half-done draft, and the error is passed on.
 * Answer shape follows the API: `{ id, status, recipients }` (+ release details); for a draft or
 * a scheduled alert `recipients` is who would receive it now (the count may change until it goes).
 */
export async function submitAlert(ctx: AppContext, { actor, input }: SubmitAlertInput): Promise<SubmitAlertResult> {
  assertRole(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  const parsed = parseAlertInput(input, (await loadTemplateState(ctx.db, settings, 'alert')).shape);
  // Before anything is written: a draft-only key asking to send leaves no draft behind.
  if (parsed.send || parsed.scheduledAt) assertScope(actor, 'alerts:send', parsed.send ? 'send alerts ("send": true)' : 'schedule alerts ("scheduledAt")');
  assertScope(actor, 'alerts:draft', 'create alerts');
  const { id } = await createAlert(ctx, { actor, input: parsed });
  let outcome: AlertOutcome = { id, status: 'DRAFT', releaseAt: null, held: false, recipients: null };
  try {
    if (parsed.send) outcome = await sendAlertNow(ctx, { actor, alertId: id });
    else if (parsed.scheduledAt) outcome = await scheduleAlert(ctx, { actor, alertId: id, scheduledAt: parsed.scheduledAt });
  } catch (e) {
    if (isAppError(e)) await cancelAlert(ctx, { actor, alertId: id, reason: `invio rifiutato: ${e.code}` }).catch(() => undefined);
    throw e;
  }
  const recipients = outcome.recipients ?? (await countRecipients(ctx, { actor, alertId: id })).recipients;
  return { ...outcome, recipients };
}
