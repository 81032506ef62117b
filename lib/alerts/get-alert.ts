import { describeHold, type AlertHold } from './alert-hold';
import { parseTemplateHoldReason } from '../templates/template-hold';
import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import type { AlertStatus } from '../generated/prisma/client';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import { alertInclude, notFound, permissionsFor, readsOnlySent, STATUS_LABEL, type AlertPermissions, type AlertRow } from './alert-record';
import { isUuid } from '../ids';
import { fourEyesApplies } from './audience';
import type { AlertComposeFormValues } from './schema';
import { toRomeInputValue } from '../time/rome-time';
import { fixedTemplateFit, validateForTemplate, type TemplateFit } from '../templates/template-fit';
import { plainLanguageAdvice, type PlainLanguageReport } from './plain-language';

/** Everything an alert page shows, typed; dates are UTC Date objects (format them in Rome time). */
export interface AlertView {
  id: string;
  title: string;
  body: string;
  link: string | null;
  urgency: 'normal' | 'urgent';
  urgentReason: string | null;
  allTopics: boolean;
  topics: { slug: string; name: string }[];
  /** Empty = the whole town. */
  zones: { slug: string; name: string }[];
  status: AlertStatus;
  statusLabel: string;
  scheduledAt: Date | null;
  releaseAt: Date | null;
  /** A normal alert moved past quiet hours. */
  heldForQuietHours: boolean;
  publishedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  pausedReason: string | null;
  /** Why a PAUSED alert waits (code + English + Italian), e.g. its template moved to MARKETING. */
  hold: AlertHold | null;
  recipientCount: number;
  publicArchive: boolean;
  isWelcome: boolean;
  createdBy: { id: string; name: string; email: string } | null;
  createdByApiKey: boolean;
  approvedBy: { id: string; name: string; email: string } | null;
  approvedAt: Date | null;
  duplicatedFromId: string | null;
  /** A correction: the alert it corrects. */
  correctsAlertId: string | null;
  /** Withdrawn from the public archive and the feeds. */
  withdrawnAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  can: AlertPermissions;
  /** Values for the edit form (react-hook-form defaultValues). */
  formValues: AlertComposeFormValues;
}

/** Scheduled time moved by quiet hours, or a "send now" waiting for the morning. */
function isHeld(a: AlertRow): boolean {
  if (a.urgency !== 'NORMAL' || !a.releaseAt) return false;
  return a.scheduledAt ? a.releaseAt.getTime() > a.scheduledAt.getTime() : a.status === 'SCHEDULED';
}

export function toAlertView(a: AlertRow, actor: Actor): AlertView {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    link: a.link,
    urgency: a.urgency === 'URGENT' ? 'urgent' : 'normal',
    urgentReason: a.urgentReason,
    allTopics: a.allTopics,
    topics: a.topics.map((t) => ({ slug: t.topic.slug, name: t.topic.name })),
    zones: a.zones.map((z) => ({ slug: z.zone.slug, name: z.zone.name })),
    status: a.status,
    statusLabel: STATUS_LABEL[a.status],
    scheduledAt: a.scheduledAt,
    releaseAt: a.releaseAt,
    heldForQuietHours: isHeld(a),
    publishedAt: a.publishedAt,
    completedAt: a.completedAt,
    cancelledAt: a.cancelledAt,
    pausedReason: a.pausedReason,
    hold: a.status === 'PAUSED' ? describeHold(a.pausedReason) : null,
    recipientCount: a.recipientCount,
    publicArchive: a.publicArchive,
    isWelcome: a.isWelcome,
    createdBy: a.createdBy,
    createdByApiKey: a.apiKeyId !== null,
    approvedBy: a.approvedBy,
    approvedAt: a.approvedAt,
    duplicatedFromId: a.duplicatedFromId,
    correctsAlertId: a.correctsAlertId,
    withdrawnAt: a.withdrawnAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    can: permissionsFor(actor, a),
    formValues: {
      title: a.title,
      body: a.body,
      link: a.link ?? '',
      urgency: a.urgency === 'URGENT' ? 'urgent' : 'normal',
      urgentReason: a.urgentReason ?? '',
      ...(a.allTopics ? {} : { topics: a.topics.map((t) => t.topic.slug) }),
      ...(a.zones.length > 0 ? { zones: a.zones.map((z) => z.zone.slug) } : {}),
      scheduledAt: a.scheduledAt ? toRomeInputValue(a.scheduledAt) : '',
      publicArchive: a.publicArchive,
    },
  };
}

/** One alert with what the actor may do and the exact message as it will be (or was) sent. */
export async function getAlert(
  ctx: AppContext,
  { actor, alertId }: { actor: Actor; alertId: string },
): Promise<AlertView & { fit: TemplateFit; plain: PlainLanguageReport; awaitsSecondEditor: boolean }> {
  assertRole(actor, 'VIEWER');
  assertScope(actor, 'alerts:draft', 'read alerts');
  if (!isUuid(alertId)) throw notFound();
  const row = await ctx.db.alert.findUnique({ where: { id: alertId }, include: alertInclude });
  if (!row || (readsOnlySent(actor) && !row.publishedAt)) throw notFound();
  const settings = await loadSettings(ctx.db);
  const template = await loadTemplateState(ctx.db, settings, row.isWelcome ? 'welcome' : 'alert');
  const fit = row.isWelcome ? fixedTemplateFit(template.shape) : validateForTemplate(row, template.shape);
  // The welcome message is the template's fixed text: nothing for an editor to rewrite.
  const plain = row.isWelcome ? { gulpease: null, words: 0, sentences: 0, advice: [] } : plainLanguageAdvice(row, template.shape);
  // Only an alert not yet sent can still wait for the second editor (audience.ts: by audience).
  const open = ['DRAFT', 'SCHEDULED', 'PENDING_APPROVAL'].includes(row.status) && row.approvedById === null;
  const awaitsSecondEditor = open && (await fourEyesApplies(ctx.db, row, settings));
  const view = toAlertView(row, actor);
  // The hold's wording follows the template's state now (e.g. resubmitted, under review).
  if (view.hold && row.pausedReason) {
    const ref = parseTemplateHoldReason(row.pausedReason);
    const t = ref ? await ctx.db.whatsAppTemplate.findUnique({ where: { name_language: ref } }) : null;
    view.hold = describeHold(row.pausedReason, t);
  }
  return { ...view, fit, plain, awaitsSecondEditor };
}
