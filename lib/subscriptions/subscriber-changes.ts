import type { AppContext } from '../context';
import { waUserIdHmac } from '../privacy/wa-user-id';
import type { Prisma, Subscriber } from '../generated/prisma/client';
import type { OutboundContent } from '../outbox/enqueue';
import type { Settings } from '../settings/defaults';
import type { PersonName } from './parse-command';
import { replyText } from './replies';

export type SubscriberRow = Subscriber;
type Tx = Prisma.TransactionClient;
type Channel = 'WEB' | 'WHATSAPP' | 'IMPORT' | 'STAFF';

/**
 * The HMAC a subscriber's consent ledger entries are keyed by: the number's, or for a citizen
 * known only by their WhatsApp user id (BSUID) that id's (the CHECK on subscribers guarantees one).
 */
export function ledgerKey(s: Pick<SubscriberRow, 'phoneHmac' | 'waUserIdHmac'>): string {
  return (s.phoneHmac ?? s.waUserIdHmac) as string;
}

/**
 * Gives a BSUID to one subscriber. A BSUID follows the person: when it was on another row that
 * has a number (the person now writes from a new number), that row loses it. A row known by the
 * BSUID alone keeps it (it would be left with no identity): returns false, nothing changes.
 */
export async function takeWaUserId(ctx: AppContext, tx: Tx, subscriberId: string, userId: string): Promise<boolean> {
  const hmac = waUserIdHmac(ctx.cipher, userId);
  const holder = await tx.subscriber.findUnique({ where: { waUserIdHmac: hmac }, select: { id: true, phoneHmac: true } });
  if (holder && holder.id !== subscriberId) {
    if (!holder.phoneHmac) return false;
    await tx.subscriber.update({ where: { id: holder.id }, data: { waUserIdHmac: null, waUserIdEnc: null } });
  }
  await tx.subscriber.update({ where: { id: subscriberId }, data: { waUserIdHmac: hmac, waUserIdEnc: ctx.cipher.encrypt(userId) } });
  return true;
}

/**
 * Makes a person an active subscriber (new, pending, returning, or active with new topics) and
 * writes the consent ledger entry in the same transaction.
 */
export async function activate(
  ctx: AppContext,
  tx: Tx,
  a: {
    subscriber: SubscriberRow | null;
    /** E.164; null for a username-only citizen, who then has `userId`. */
    phone: string | null;
    phoneHmac?: string;
    /** The WhatsApp business-scoped user id the confirming message came with, if any. */
    userId?: string | null;
    name: PersonName | null;
    channel: Channel;
    evidence: string;
    settings: Settings;
    /** When the person sent the WhatsApp message behind it (Meta's timestamp), if any. */
    messageAt?: Date | null;
  },
): Promise<SubscriberRow> {
  const now = ctx.now();
  const wasActive = a.subscriber?.status === 'ACTIVE';
  const active = await tx.topic.findMany({ where: { active: true }, select: { id: true } });
  const activeIds = new Set(active.map((t) => t.id));
  const chosen = (a.subscriber?.pendingTopicIds ?? []).filter((id) => activeIds.has(id));
  const topicIds = chosen.length > 0 ? chosen : [...activeIds];
  const source = a.channel === 'STAFF' ? 'WEB' : a.channel;
  const data = {
    status: 'ACTIVE' as const,
    ...(a.phone ? { phoneEnc: ctx.cipher.encrypt(a.phone) } : {}),
    ...(a.name ? { firstNameEnc: ctx.cipher.encrypt(a.name.firstName), lastNameEnc: ctx.cipher.encrypt(a.name.lastName) } : {}),
    confirmationCode: null,
    pendingTopicIds: [],
    pendingExpiresAt: null,
    awaitingName: false,
    lastInboundAt: a.channel === 'IMPORT' ? undefined : now,
  };
  const phoneHmac = a.phone ? (a.phoneHmac ?? ctx.cipher.hmac(a.phone)) : null;
  if (!phoneHmac && !a.userId) throw new Error('activate needs a number or a WhatsApp user id');
  let subscriber = a.subscriber
    ? await tx.subscriber.update({
        where: { id: a.subscriber.id },
        data: { ...data, ...(phoneHmac ? { phoneHmac } : {}), ...(wasActive ? {} : { source, confirmedAt: now, unsubscribedAt: null }) },
      })
    : await tx.subscriber.create({
        data: {
          ...data,
          phoneHmac,
          ...(a.userId && !phoneHmac ? { waUserIdHmac: waUserIdHmac(ctx.cipher, a.userId), waUserIdEnc: ctx.cipher.encrypt(a.userId) } : {}),
          source,
          confirmedAt: now,
        },
      });
  if (a.userId && (subscriber.waUserIdHmac !== waUserIdHmac(ctx.cipher, a.userId) || !subscriber.waUserIdEnc)) {
    if (await takeWaUserId(ctx, tx, subscriber.id, a.userId)) subscriber = await tx.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
  }
  await tx.subscriberTopic.deleteMany({ where: { subscriberId: subscriber.id } });
  await tx.subscriberTopic.createMany({ data: topicIds.map((topicId) => ({ subscriberId: subscriber.id, topicId })) });
  await tx.consentEvent.create({
    data: {
      phoneHmac: ledgerKey(subscriber),
      action: wasActive ? 'TOPICS_CHANGED' : 'OPT_IN',
      channel: a.channel,
      privacyVersion: a.settings.privacyVersion,
      evidence: a.evidence,
      createdAt: now,
      messageAt: a.messageAt ?? null,
    },
  });
  return subscriber;
}

/**
 * Honours an opt-out at once: name, number and WhatsApp user id (BSUID) are erased; the row keeps
 * only the HMACs, the status and the times (so counts stay right and a return is recognised, by
 * number or, for a username-only citizen, by BSUID). A request that was never confirmed leaves
 * no subscriber row behind.
 */
export async function unsubscribe(
  ctx: AppContext,
  tx: Tx,
  s: SubscriberRow,
  channel: Channel,
  evidence: string,
  settings: Settings,
  messageAt: Date | null = null,
): Promise<void> {
  const now = ctx.now();
  const everActive = s.confirmedAt !== null || s.unsubscribedAt !== null;
  if (s.status === 'ACTIVE') {
    await tx.consentEvent.create({
      data: { phoneHmac: ledgerKey(s), action: 'OPT_OUT', channel, privacyVersion: settings.privacyVersion, evidence, createdAt: now, messageAt },
    });
  }
  // Nothing still queued for this person may go out after the opt-out (replies excepted: the confirmation is due).
  await tx.outboundMessage.updateMany({
    where: { subscriberId: s.id, status: 'QUEUED', purpose: { not: 'reply' } },
    data: { status: 'FAILED', errorDetail: 'unsubscribed', toEnc: null, contentEnc: null },
  });
  if (!everActive) {
    await tx.subscriber.delete({ where: { id: s.id } });
    return;
  }
  await tx.subscriberTopic.deleteMany({ where: { subscriberId: s.id } });
  await tx.subscriberZone.deleteMany({ where: { subscriberId: s.id } });
  await tx.preferenceLink.deleteMany({ where: { subscriberId: s.id } });
  await tx.subscriber.update({
    where: { id: s.id },
    data: {
      status: 'UNSUBSCRIBED',
      phoneEnc: null,
      firstNameEnc: null,
      lastNameEnc: null,
      waUserIdEnc: null,
      confirmationCode: null,
      pendingTopicIds: [],
      pendingExpiresAt: null,
      awaitingName: false,
      unsubscribedAt: s.status === 'UNSUBSCRIBED' ? s.unsubscribedAt : now,
    },
  });
}

/**
 * A "Cancellami" from someone who is not an active subscriber (pending, never subscribed, already
 * out): nothing to undo, but it is the person's last word, so an older "Iscrivimi" delivered
 * afterwards must not subscribe them (overtaken() in handle-inbound-message.ts). Its own action
 * keeps the opt-out statistics to real unsubscriptions.
 */
export async function recordOptOutRequest(
  ctx: AppContext,
  tx: Tx,
  a: { key: string; evidence: string; settings: Settings; messageAt: Date | null },
): Promise<void> {
  await tx.consentEvent.create({
    data: {
      phoneHmac: a.key,
      action: 'OPT_OUT_NOT_SUBSCRIBED',
      channel: 'WHATSAPP',
      privacyVersion: a.settings.privacyVersion,
      evidence: a.evidence,
      createdAt: ctx.now(),
      messageAt: a.messageAt,
    },
  });
}

/** Turns one topic on or off; returns the names of the topics now active, for the reply. */
export async function toggleTopic(ctx: AppContext, tx: Tx, s: SubscriberRow, slug: string, settings: Settings): Promise<string> {
  const topic = await tx.topic.findFirst({ where: { slug, active: true } });
  if (topic) {
    const key = { subscriberId_topicId: { subscriberId: s.id, topicId: topic.id } };
    const has = await tx.subscriberTopic.findUnique({ where: key });
    if (has) await tx.subscriberTopic.delete({ where: key });
    else await tx.subscriberTopic.create({ data: { subscriberId: s.id, topicId: topic.id } });
    await tx.consentEvent.create({
      data: { phoneHmac: ledgerKey(s), action: 'TOPICS_CHANGED', channel: 'WHATSAPP', privacyVersion: settings.privacyVersion, createdAt: ctx.now() },
    });
  }
  const now = await tx.subscriberTopic.findMany({
    where: { subscriberId: s.id, topic: { active: true } },
    include: { topic: true },
    orderBy: { topic: { position: 'asc' } },
  });
  return now.length > 0 ? now.map((t) => t.topic.name).join(', ') : 'nessun argomento (scrivi Argomenti per sceglierne)';
}

export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Meta allows at most 10 rows in one interactive list message. */
export const LIST_MAX_ROWS = 10;
/** The reply id of the row that opens the next page of topics ("topics:page:<n>", n from 1). */
export const TOPICS_PAGE_PREFIX = 'topics:page:';

/**
 * One page of an interactive list of choices (topics, zones): with more than 10, a page shows 9
 * and leaves the tenth row for "next page"; the last page shows what is left (up to 10).
 */
export function listPage<T>(all: readonly T[], page: number): { items: T[]; current: number; pages: number; last: boolean } {
  const perPage = LIST_MAX_ROWS - 1;
  const pages = all.length <= LIST_MAX_ROWS ? 1 : Math.ceil((all.length - 1) / perPage);
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const start = (current - 1) * perPage;
  const last = current === pages;
  return { items: all.slice(start, last ? start + LIST_MAX_ROWS : start + perPage), current, pages, last };
}

/**
 * The interactive list a subscriber uses to pick topics (Meta: ≤10 rows, title ≤24, description
 * ≤72), active topics in their order. With more than 10, a page shows 9 topics and an "Altri
 * argomenti" row that asks for the next page; the last page shows what is left (up to 10), so
 * every active topic is reachable and no row is ever dropped.
 */
export async function topicsList(tx: Tx, s: SubscriberRow, settings: Settings, page = 1): Promise<OutboundContent> {
  const all = await tx.topic.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  const { items: topics, current, pages, last } = listPage(all, page);
  const links = await tx.subscriberTopic.findMany({ where: { subscriberId: s.id }, include: { topic: { select: { name: true, active: true } } } });
  const mine = new Set(links.map((t) => t.topicId));
  // "Kept informed": a followed topic that was retired is named here, in a reply (inside the window).
  const retired = links.filter((l) => !l.topic.active).map((l) => `«${l.topic.name}»`);
  const note = retired.length === 0 ? '' : `\n\nNon è più disponibile: ${retired.join(', ')}. Il Comune non invia più avvisi su questo argomento.`;
  const rows = topics.map((t) => ({
    id: `topic:${t.slug}`,
    title: clip(t.name, 24),
    description: clip(mine.has(t.id) ? '✅ Attivo: tocca per disattivare' : 'Non attivo: tocca per attivare', 72),
  }));
  if (!last) rows.push({ id: `${TOPICS_PAGE_PREFIX}${current + 1}`, title: 'Altri argomenti', description: `Pagina ${current + 1} di ${pages}` });
  return {
    type: 'list',
    body: clip(replyText(settings, 'replyTopicsIntro') + note, 1024),
    button: 'Scegli argomento',
    sections: [{ title: pages > 1 ? `Argomenti (${current}/${pages})` : 'Argomenti', rows }],
  };
}
