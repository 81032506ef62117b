import { describeHold } from '../alerts/alert-hold';
import { getAlert } from '../alerts/get-alert';
import { getAlertReport } from '../alerts/get-alert-report';
import { plainLanguageAdvice } from '../alerts/plain-language';
import { alertComposeSchema } from '../alerts/schema';
import { submitAlert } from '../alerts/submit-alert';
import type { AppContext } from '../context';
import { invalidInput } from '../errors';
import type { AlertStatus } from '../generated/prisma/client';
import type { ApiKeyActor } from '../api-keys/authenticate-api-key';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import type { AlertCreated, AlertStatusBody, AlertStoppedBody, AlertWithdrawnBody, ApiAlertStatus, CorrectionCreatedBody } from './schemas';
import { cancelAlert } from '../alerts/cancel-alert';
import { correctAlert } from '../alerts/correct-alert';
import { withdrawAlert } from '../alerts/withdraw-alert';

export const toApiStatus = (s: AlertStatus): ApiAlertStatus => s.toLowerCase() as ApiAlertStatus;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const ALERT_FIELDS = Object.keys(alertComposeSchema.shape);

/**
 * The dashboard's schema ignores unknown fields (a form posts extra inputs); an API client with a
 * typo ("sendNow") would silently get a draft, so the API refuses them. Everything else is
 * validated by the use case with the same schema as the form.
 */
function assertKnownShape(body: unknown): asserts body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('The body must be a JSON object.', { _: ['Expected a JSON object such as {"title": "…", "body": "…", "urgency": "normal"}.'] });
  }
  const unknown = Object.keys(body).filter((k) => !ALERT_FIELDS.includes(k));
  if (unknown.length > 0) {
    throw invalidInput('Unknown fields.', Object.fromEntries(unknown.map((k) => [k, [`Unknown field. Allowed: ${ALERT_FIELDS.join(', ')}.`]])));
  }
}

/** POST /api/v1/alerts: create, then send now / schedule / keep as draft (submitAlert decides). */
export async function createAlertFromApi(ctx: AppContext, { actor, body }: { actor: ApiKeyActor; body: unknown }): Promise<AlertCreated> {
  assertKnownShape(body);
  const r = await submitAlert(ctx, { actor, input: body });
  // submitAlert validated title, body and link with the template's schema: they are strings (or absent).
  const text = (k: string) => (typeof body[k] === 'string' ? body[k] : null);
  const template = await loadTemplateState(ctx.db, await loadSettings(ctx.db), 'alert');
  const { advice } = plainLanguageAdvice({ title: text('title'), body: text('body'), link: text('link') }, template.shape);
  const out: AlertCreated = {
    id: r.id,
    status: toApiStatus(r.status),
    recipients: r.recipients,
    releaseAt: iso(r.releaseAt),
    heldForQuietHours: r.held,
    advice,
  };
  if (r.status !== 'PAUSED') return out;
  // Published but held (its template moved to MARKETING, or the number is flagged): say why at once.
  const held = await ctx.db.alert.findUnique({ where: { id: r.id }, select: { pausedReason: true } });
  const hold = describeHold(held?.pausedReason ?? null);
  return hold ? { ...out, hold: { code: hold.code, message: hold.message } } : out;
}

/** GET /api/v1/alerts/:id: the alert's state and its deliveries by state. */
export async function getAlertStatusForApi(ctx: AppContext, { actor, alertId }: { actor: ApiKeyActor; alertId: string }): Promise<AlertStatusBody> {
  const alert = await getAlert(ctx, { actor, alertId });
  const report = await getAlertReport(ctx, { actor, alertId });
  const c = report.progress.counts;
  return {
    id: alert.id,
    title: alert.title,
    status: toApiStatus(alert.status),
    urgency: alert.urgency,
    topics: alert.allTopics ? null : alert.topics.map((t) => t.slug),
    zones: alert.zones.length > 0 ? alert.zones.map((z) => z.slug) : null,
    publicArchive: alert.publicArchive,
    createdAt: alert.createdAt.toISOString(),
    scheduledAt: iso(alert.scheduledAt),
    releaseAt: iso(alert.releaseAt),
    publishedAt: iso(alert.publishedAt),
    completedAt: iso(alert.completedAt),
    cancelledAt: iso(alert.cancelledAt),
    correctsAlertId: alert.correctsAlertId,
    withdrawnAt: iso(alert.withdrawnAt),
    recipients: report.recipients,
    deliveries: { total: report.progress.total, ...c },
    failures: report.progress.failures.map((f) => ({ code: f.code, label: f.label, count: f.count })),
    percentDone: report.percentDone,
    done: report.progress.done,
    advice: alert.plain.advice,
    hold: alert.hold ? { code: alert.hold.code, message: alert.hold.message } : null,
  };
}

/** An optional JSON body (`{ "reason": "…" }`): none at all is fine; anything else must be that object. */
export function optionalReason(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidInput('The body must be a JSON object.', { _: ['Expected {"reason": "…"} or no body.'] });
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => k !== 'reason');
  if (unknown.length > 0) throw invalidInput('Unknown fields.', Object.fromEntries(unknown.map((k) => [k, ['Unknown field. Allowed: reason.']])));
  if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 500))
    throw invalidInput('Invalid reason.', { reason: ['A string of at most 500 characters.'] });
  return b.reason === undefined || b.reason === '' ? undefined : (b.reason as string);
}

/** POST /api/v1/alerts/:id/cancel: cancel an alert not started, or stop one going out. */
export async function cancelAlertFromApi(
  ctx: AppContext,
  { actor, alertId, body }: { actor: ApiKeyActor; alertId: string; body: unknown },
): Promise<AlertStoppedBody> {
  const reason = optionalReason(body);
  const r = await cancelAlert(ctx, { actor, alertId, reason });
  return { id: r.id, status: 'cancelled', stopped: r.stopped, cancelledDeliveries: r.cancelledDeliveries, inFlight: r.inFlight };
}

/** POST /api/v1/alerts/:id/correction: a correction to whoever received the alert. */
export async function correctAlertFromApi(
  ctx: AppContext,
  { actor, alertId, body }: { actor: ApiKeyActor; alertId: string; body: unknown },
): Promise<CorrectionCreatedBody> {
  const r = await correctAlert(ctx, { actor, alertId, input: body });
  return {
    id: r.id,
    correctsAlertId: r.correctsAlertId,
    status: toApiStatus(r.status),
    recipients: r.recipients,
    releaseAt: iso(r.releaseAt),
    heldForQuietHours: r.held,
  };
}

/** POST /api/v1/alerts/:id/withdraw: out of the public archive and the feeds. */
export async function withdrawAlertFromApi(
  ctx: AppContext,
  { actor, alertId, body }: { actor: ApiKeyActor; alertId: string; body: unknown },
): Promise<AlertWithdrawnBody> {
  const r = await withdrawAlert(ctx, { actor, alertId, reason: optionalReason(body) });
  return { id: r.id, withdrawnAt: r.withdrawnAt.toISOString() };
}
