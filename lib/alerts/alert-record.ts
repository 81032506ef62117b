/**
 * Shared pieces of the alert use cases: loading and locking a row, resolving topics, and the typed
 * view the dashboard pages render (with what the current actor may do, so pages stay thin).
 */
import type { Actor } from '../access/roles';
import { hasRole } from '../access/roles';
import { AppError, invalidInput } from '../errors';
import { isUuid } from '../ids';
import type { Alert, AlertStatus, Prisma } from '../generated/prisma/client';
import type { AlertContent } from './schema';

export type Tx = Prisma.TransactionClient;

export const alertInclude = {
  topics: { include: { topic: { select: { id: true, slug: true, name: true } } } },
  zones: { include: { zone: { select: { id: true, slug: true, name: true } } } },
  createdBy: { select: { id: true, name: true, email: true } },
  approvedBy: { select: { id: true, name: true, email: true } },
} as const;

export type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

/** Publishing runs long inserts; the default 5 s interactive-transaction timeout is too short. */
export const TX_OPTIONS = { timeout: 120_000, maxWait: 10_000 } as const;

export const EDITABLE: readonly AlertStatus[] = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED'];
export const CANCELLABLE: readonly AlertStatus[] = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED'];

/** Row lock first (FOR UPDATE), then the full row: concurrent publish/cancel/approve serialise here. */
export async function lockAlert(tx: Tx, id: string): Promise<AlertRow> {
  if (!isUuid(id)) throw notFound();
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM alerts WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound();
  return tx.alert.findUniqueOrThrow({ where: { id }, include: alertInclude });
}

export const notFound = () => new AppError('not_found', 'Avviso non trovato.');

/**
 * Viewers (e.g. the mayor's office, the data protection officer) read what went out to citizens:
 * alerts once published, with their reports. Drafts, plans and alerts awaiting approval are the
 * editors' work in progress and stay theirs (for a viewer they do not exist: 404, not 403).
 */
export const readsOnlySent = (actor: Actor): boolean => !hasRole(actor, 'EDITOR');
export const readableWhere = (actor: Actor): Prisma.AlertWhereInput => (readsOnlySent(actor) ? { publishedAt: { not: null } } : {});

export function wrongStatus(alert: Pick<Alert, 'status'>, action: string): AppError {
  return new AppError('conflict', `Non si può ${action}: l’avviso è ${STATUS_LABEL[alert.status]}.`, { status: alert.status });
}

export const STATUS_LABEL: Record<AlertStatus, string> = {
  DRAFT: 'una bozza',
  PENDING_APPROVAL: 'in attesa di approvazione',
  SCHEDULED: 'programmato',
  SENDING: 'in invio',
  PAUSED: 'sospeso',
  SENT: 'già inviato',
  CANCELLED: 'annullato',
};

/** Topic slugs -> ids (active topics only); null stays null (= every topic). */
export async function resolveTopicIds(tx: Pick<Tx, 'topic'>, slugs: string[] | null): Promise<string[] | null> {
  if (slugs === null) return null;
  const rows = await tx.topic.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, active: true } });
  // A retired topic is named as such: its slug is a contract for API clients, who must learn it
  // was withdrawn rather than suspect a typo.
  const retired = rows.filter((r) => !r.active).map((r) => r.slug);
  const unknown = slugs.filter((s) => !rows.some((r) => r.slug === s));
  const messages = [
    ...(unknown.length > 0 ? [`Argomento sconosciuto: ${unknown.join(', ')}.`] : []),
    ...(retired.length > 0 ? [`Argomento ritirato, non più disponibile per nuovi avvisi: ${retired.join(', ')}.`] : []),
  ];
  if (messages.length > 0) throw invalidInput(messages.join(' '), { topics: messages });
  return rows.map((r) => r.id);
}

/** Writes the content fields and the topic and zone links of an alert (zoneIds null = the whole town). */
export async function writeContent(tx: Tx, alertId: string, content: AlertContent, topicIds: string[] | null, zoneIds: string[] | null = null): Promise<void> {
  await tx.alert.update({
    where: { id: alertId },
    data: {
      title: content.title,
      body: content.body,
      link: content.link,
      urgency: content.urgency,
      urgentReason: content.urgentReason,
      allTopics: topicIds === null,
      publicArchive: content.publicArchive,
    },
  });
  await tx.alertTopic.deleteMany({ where: { alertId } });
  if (topicIds && topicIds.length > 0) await tx.alertTopic.createMany({ data: topicIds.map((topicId) => ({ alertId, topicId })) });
  await tx.alertZone.deleteMany({ where: { alertId } });
  if (zoneIds && zoneIds.length > 0) await tx.alertZone.createMany({ data: zoneIds.map((zoneId) => ({ alertId, zoneId })) });
}

/** Zone ids an alert is for; null = the whole town. */
export const alertZoneIds = (a: AlertRow): string[] | null => (a.zones.length > 0 ? a.zones.map((z) => z.zoneId) : null);

/** Topic ids an alert goes to; null = every topic. */
export const alertTopicIds = (a: AlertRow): string[] | null => (a.allTopics ? null : a.topics.map((t) => t.topicId));

/**
 * The four-eyes rule applies, when the setting is on, to an alert that reaches everyone
 * (`reachesEveryone` in audience.ts decides that from its topics and audience) and is not yet approved.
 */
export const needsSecondEditor = (a: Pick<Alert, 'approvedById' | 'isWelcome'>, fourEyes: boolean, everyone: boolean): boolean =>
  fourEyes && everyone && !a.isWelcome && a.approvedById === null;

export interface AlertPermissions {
  edit: boolean;
  schedule: boolean;
  sendNow: boolean;
  cancel: boolean;
  approve: boolean;
  duplicate: boolean;
  sendTest: boolean;
  /** "Ferma l'invio": stop an alert going out (SENDING or PAUSED). */
  stop: boolean;
  /** Send a correction to whoever received it (sent, or stopped after some went out). */
  correct: boolean;
  /** Withdraw a sent alert from the public archive and the feeds. */
  withdraw: boolean;
}

/** A correction goes to an alert that reached people: sent, or stopped after it started (never the welcome message). */
export const correctable = (a: Pick<Alert, 'status' | 'publishedAt' | 'isWelcome'>): boolean =>
  !a.isWelcome && a.publishedAt !== null && (a.status === 'SENT' || a.status === 'CANCELLED');

export function permissionsFor(
  actor: Actor,
  a: Pick<Alert, 'status' | 'createdById' | 'approvedById'> & Partial<Pick<Alert, 'publishedAt' | 'isWelcome' | 'withdrawnAt'>>,
): AlertPermissions {
  const editor = hasRole(actor, 'EDITOR');
  const open = EDITABLE.includes(a.status);
  return {
    edit: editor && open,
    schedule: editor && (a.status === 'DRAFT' || a.status === 'SCHEDULED'),
    sendNow: editor && open,
    cancel: editor && CANCELLABLE.includes(a.status),
    approve: editor && actor.kind === 'staff' && a.status === 'PENDING_APPROVAL' && a.createdById !== actor.id,
    duplicate: editor,
    sendTest: editor && actor.kind === 'staff',
    stop: editor && (a.status === 'SENDING' || a.status === 'PAUSED'),
    correct: editor && correctable({ status: a.status, publishedAt: a.publishedAt ?? null, isWelcome: a.isWelcome ?? false }),
    withdraw: editor && a.status === 'SENT' && !a.isWelcome && (a.withdrawnAt ?? null) === null,
  };
}

/** What a sending-related use case did, for the page's message and the API's answer. */
export interface AlertOutcome {
  id: string;
  status: AlertStatus;
  /** When it may start (null for drafts). */
  releaseAt: Date | null;
  /** True when a normal alert was moved past the quiet hours. */
  held: boolean;
  /** Queued deliveries when it was published now; null otherwise. */
  recipients: number | null;
}
