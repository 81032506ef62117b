'use server';

import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { ActionState } from '@/components/dashboard/action-state';
import { readComposeForm, toSchemaInput, type ComposeState } from '@/components/dashboard/alerts/compose-values';
import { approveAlert } from '@/lib/alerts/approve-alert';
import { type AlertOutcome } from '@/lib/alerts/alert-record';
import { isUuid } from '@/lib/ids';
import { cancelAlert } from '@/lib/alerts/cancel-alert';
import { countRecipients } from '@/lib/alerts/count-recipients';
import { countAudienceByZone, type ZoneAudience } from '@/lib/alerts/count-audience-by-zone';
import { correctAlert } from '@/lib/alerts/correct-alert';
import { withdrawAlert } from '@/lib/alerts/withdraw-alert';
import { createAlert } from '@/lib/alerts/create-alert';
import { duplicateAlert } from '@/lib/alerts/duplicate-alert';
import { estimateDelivery, type DeliveryEstimate } from '@/lib/alerts/estimate-delivery';
import type { RecipientCount } from '@/lib/delivery/recipients';
import { scheduleAlert } from '@/lib/alerts/schedule-alert';
import { sendAlertNow } from '@/lib/alerts/send-alert-now';
import { sendTestAlert } from '@/lib/alerts/send-test-alert';
import { updateAlert } from '@/lib/alerts/update-alert';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { resumeAlert } from '@/lib/delivery/pause-alert';
import { isAppError, type FieldErrors } from '@/lib/errors';

const GENERIC = 'Si è verificato un errore imprevisto. Riprova tra poco.';

/** AppError -> message and per-field messages; anything else is logged and stays generic. */
function explain(e: unknown): { message: string; fieldErrors?: FieldErrors } {
  unstable_rethrow(e);
  if (isAppError(e)) return { message: e.userMessage, fieldErrors: e.details?.fieldErrors };
  getAppContext().log.error('alert action failed', { error: e });
  return { message: GENERIC };
}

/** "Salva bozza" / "Salva modifiche": create or update, then the alert's page. */
export async function saveAlertAction(prev: ComposeState, fd: FormData): Promise<ComposeState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const values = readComposeForm(fd);
  const alertId = typeof fd.get('alertId') === 'string' ? String(fd.get('alertId')) : '';
  let id = alertId;
  try {
    if (alertId) await updateAlert(ctx, { actor, alertId, input: toSchemaInput(values) });
    else id = (await createAlert(ctx, { actor, input: toSchemaInput(values) })).id;
  } catch (e) {
    return { status: 'error', ...explain(e), values, seq: prev.seq + 1 };
  }
  revalidatePath('/dashboard/avvisi');
  redirect(`/dashboard/avvisi/${id}?esito=${alertId ? 'modificato' : 'salvato'}`);
}

export type AudienceAnswer = { ok: true; count: RecipientCount; estimate: DeliveryEstimate; byZone: ZoneAudience } | { ok: false; message: string };

/** "Chi lo riceverà" while composing: exact count for the chosen topics and urgency, and the estimate. */
export async function audienceAction(input: { topics: string[] | null; zones: string[] | null; urgency: 'normal' | 'urgent' }): Promise<AudienceAnswer> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  try {
    const topics = Array.isArray(input?.topics) ? input.topics.filter((t) => typeof t === 'string').slice(0, 50) : null;
    const zones = Array.isArray(input?.zones) ? input.zones.filter((z) => typeof z === 'string').slice(0, 50) : null;
    const urgency = input?.urgency === 'urgent' ? 'urgent' : 'normal';
    const chosenTopics = topics && topics.length > 0 ? topics : null;
    const [count, byZone] = await Promise.all([
      countRecipients(ctx, { actor, topics: chosenTopics, zones: zones && zones.length > 0 ? zones : null, urgency }),
      countAudienceByZone(ctx, { actor, topics: chosenTopics }),
    ]);
    const estimate = await estimateDelivery(ctx, { actor, recipients: count.recipients });
    return { ok: true, count, estimate, byZone };
  } catch (e) {
    return { ok: false, message: explain(e).message };
  }
}

/** Where the page goes after an action that changed the alert's state (the page shows `esito`). */
function outcomeParam(o: AlertOutcome): string {
  if (o.status === 'PENDING_APPROVAL') return 'approvazione';
  if (o.status === 'SCHEDULED') return o.held ? 'trattenuto' : 'programmato';
  return 'inviato';
}

/** Every button of the alert page: one action, the operation in `op`. Each use case checks the role again. */
export async function alertCommandAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const alertId = String(fd.get('alertId') ?? '');
  const op = String(fd.get('op') ?? '');
  if (!isUuid(alertId)) return { status: 'error', message: 'Avviso non trovato.' };
  let target: string;
  try {
    switch (op) {
      case 'test': {
        const r = await sendTestAlert(ctx, { actor, alertId });
        return { status: 'ok', message: `Prova inviata al tuo numero ${r.to}: arriva su WhatsApp tra pochi secondi.` };
      }
      case 'send':
        target = `/dashboard/avvisi/${alertId}?esito=${outcomeParam(await sendAlertNow(ctx, { actor, alertId }))}`;
        break;
      case 'schedule': {
        const scheduledAt = String(fd.get('scheduledAt') ?? '');
        target = `/dashboard/avvisi/${alertId}?esito=${outcomeParam(await scheduleAlert(ctx, { actor, alertId, scheduledAt }))}`;
        break;
      }
      case 'approve':
        target = `/dashboard/avvisi/${alertId}?esito=${outcomeParam(await approveAlert(ctx, { actor, alertId }))}`;
        break;
      case 'cancel':
        await cancelAlert(ctx, { actor, alertId, reason: String(fd.get('reason') ?? '') || undefined });
        target = `/dashboard/avvisi/${alertId}?esito=annullato`;
        break;
      case 'stop':
        await cancelAlert(ctx, { actor, alertId, reason: String(fd.get('reason') ?? '') || undefined });
        target = `/dashboard/avvisi/${alertId}?esito=fermato`;
        break;
      case 'correct': {
        const input = { title: String(fd.get('title') ?? ''), body: String(fd.get('body') ?? '') };
        try {
          const r = await correctAlert(ctx, { actor, alertId, input });
          target = `/dashboard/avvisi/${r.id}?esito=${outcomeParam(r)}`;
        } catch (e) {
          // The field messages are the useful part ("Scrivi il testo…"): the form shows one message.
          const x = explain(e);
          const fields = Object.values(x.fieldErrors ?? {}).map((m) => m[0]);
          return { status: 'error', message: [x.message, ...fields].join(' ') };
        }
        break;
      }
      case 'withdraw':
        await withdrawAlert(ctx, { actor, alertId, reason: String(fd.get('reason') ?? '') || undefined });
        target = `/dashboard/avvisi/${alertId}?esito=ritirato`;
        break;
      case 'resume':
        if (!(await resumeAlert(ctx, { actor, alertId }))) return { status: 'error', message: 'L’avviso non è in pausa: ricarica la pagina.' };
        target = `/dashboard/avvisi/${alertId}?esito=ripreso`;
        break;
      case 'duplicate':
        target = `/dashboard/avvisi/${(await duplicateAlert(ctx, { actor, alertId })).id}/modifica?esito=duplicato`;
        break;
      default:
        return { status: 'error', message: 'Operazione sconosciuta.' };
    }
  } catch (e) {
    return { status: 'error', ...explain(e) };
  }
  revalidatePath('/dashboard/avvisi');
  redirect(target);
}
