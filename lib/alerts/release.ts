/**
 * The one decision every path to sending goes through (send now, schedule, approve, update of a
 * scheduled alert): is the service launched, does the alert still fit its template, when may it
 * start (quiet hours), does it need a second editor.
 */
import { AppError, invalidInput, type FieldErrors } from '../errors';
import type { Settings } from '../settings/defaults';
import type { TemplateState } from '../templates/load-template';
import type { AlertRow } from './alert-record';
import { needsSecondEditor } from './alert-record';
import { computeReleaseAt } from './quiet-hours';
import { formatRome } from '../time/rome-time';
import { validateForTemplate } from '../templates/template-fit';

/** A requested time this far in the past is refused (the form's minute resolution, a slow click). */
const PAST_TOLERANCE_MS = 2 * 60 * 1000;

export function assertLaunched(settings: Pick<Settings, 'launchedAt'>): void {
  if (settings.launchedAt) return;
  throw new AppError(
    'not_launched',
    'Il servizio non è ancora partito: finché non si raggiunge la soglia di iscritti si possono inviare solo messaggi di prova. Un amministratore lo avvia dalla pagina «Avvio del servizio».',
  );
}

/** Refuses content that Meta would reject (the template may have changed since it was written). */
export function assertFits(alert: Pick<AlertRow, 'title' | 'body' | 'link' | 'urgency' | 'urgentReason' | 'isWelcome'>, template: TemplateState): void {
  if (alert.urgency === 'URGENT' && !alert.urgentReason) {
    throw invalidInput('Per un avviso urgente scrivi il motivo: viene registrato.', { urgentReason: ['Scrivi il motivo.'] });
  }
  if (alert.isWelcome) return;
  const fit = validateForTemplate(alert, template.shape);
  if (fit.ok) return;
  const fieldErrors: FieldErrors = {};
  for (const e of fit.errors) (fieldErrors[e.field === 'template' ? 'body' : e.field] ??= []).push(e.message);
  throw invalidInput(fit.errors[0]!.message, fieldErrors);
}

export type ReleaseDecision =
  | { next: 'PENDING_APPROVAL'; releaseAt: Date; held: boolean }
  | { next: 'SCHEDULED'; releaseAt: Date; held: boolean }
  | { next: 'PUBLISH'; releaseAt: Date; held: false };

export function decideRelease(
  alert: AlertRow,
  o: {
    now: Date;
    requestedAt: Date | null;
    settings: Settings;
    approvalGiven?: boolean;
    /** The alert reaches everyone (audience.ts `fourEyesApplies`): the four-eyes rule may hold it. */
    reachesEveryone: boolean;
  },
): ReleaseDecision {
  if (o.requestedAt && o.requestedAt.getTime() < o.now.getTime() - PAST_TOLERANCE_MS) {
    throw invalidInput(`La data scelta (${formatRome(o.requestedAt)}) è già passata.`, { scheduledAt: ['La data è già passata.'] });
  }
  const at = o.requestedAt && o.requestedAt > o.now ? o.requestedAt : o.now;
  const releaseAt = computeReleaseAt(at, alert.urgency, o.settings);
  const held = releaseAt.getTime() > at.getTime();
  if (!o.approvalGiven && needsSecondEditor(alert, o.settings.fourEyes, o.reachesEveryone)) return { next: 'PENDING_APPROVAL', releaseAt, held };
  if (releaseAt.getTime() > o.now.getTime()) return { next: 'SCHEDULED', releaseAt, held };
  return { next: 'PUBLISH', releaseAt: o.now, held: false };
}
