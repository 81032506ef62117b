import { issuePreferenceLink } from './preference-link';
import type { AppContext } from '../context';
import { waUserIdHmac } from '../privacy/wa-user-id';
import { messageEvidence } from '../privacy/wamid';
import type { Prisma } from '../generated/prisma/client';
import { enqueueMessage, type OutboundContent } from '../outbox/enqueue';
import { loadSettings } from '../settings/store';
import type { Settings } from '../settings/defaults';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { parseCommand, parsePersonName, type Command, type PersonName } from './parse-command';
import { replyText } from './replies';
import {
  activate,
  ledgerKey,
  recordOptOutRequest,
  takeWaUserId,
  unsubscribe,
  toggleTopic,
  topicsList,
  TOPICS_PAGE_PREFIX,
  type SubscriberRow,
} from './subscriber-changes';
import { LIST_BODY_MAX, toggleZone, zonesList, ZONE_PREFIX, ZONES_ALL, ZONES_PAGE_PREFIX } from './zone-choices';

type MessageEvent = Extract<WebhookEvent, { kind: 'message' }>;
type Tx = Prisma.TransactionClient;

export const AUTO_REPLY_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** A second message answering one request (the zone list after the welcome) follows the first by this much. */
export const FOLLOW_UP_DELAY_MS = 2000;

/** What the message asks for, in the context of who sent it. */
type Intent =
  | Command
  | { kind: 'name'; name: PersonName }
  | { kind: 'toggle_topic'; slug: string }
  | { kind: 'topics_page'; page: number }
  | { kind: 'toggle_zone'; choice: { slug: string } | 'all' }
  | { kind: 'zones_page'; page: number }
  | { kind: 'silent' };

function intentOf(event: MessageEvent, subscriber: SubscriberRow | null): Intent {
  const c = event.content;
  switch (c.type) {
    case 'text': {
      const command = parseCommand(c.text);
      if (command.kind === 'unknown' && subscriber?.awaitingName) {
        const name = parsePersonName(c.text);
        if (name) return { kind: 'name', name };
      }
      return command;
    }
    case 'interactive_reply':
      if (c.replyId.startsWith('topic:')) return { kind: 'toggle_topic', slug: c.replyId.slice('topic:'.length) };
      if (c.replyId.startsWith(TOPICS_PAGE_PREFIX)) return { kind: 'topics_page', page: Number(c.replyId.slice(TOPICS_PAGE_PREFIX.length)) };
      if (c.replyId === ZONES_ALL) return { kind: 'toggle_zone', choice: 'all' };
      if (c.replyId.startsWith(ZONE_PREFIX)) return { kind: 'toggle_zone', choice: { slug: c.replyId.slice(ZONE_PREFIX.length) } };
      if (c.replyId.startsWith(ZONES_PAGE_PREFIX)) return { kind: 'zones_page', page: Number(c.replyId.slice(ZONES_PAGE_PREFIX.length)) };
      return parseCommand(c.title);
    case 'button':
      return parseCommand(c.payload || c.text);
    // A reaction to one of our messages or a system notice is not a request: answering it would be noise.
    case 'reaction':
    case 'system':
      return { kind: 'silent' };
    case 'media':
      return c.caption ? parseCommand(c.caption) : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

/** When the person sent the message (Meta's `timestamp`; a string once the event went through JSON). */
function sentTime(event: MessageEvent): Date | null {
  const t = new Date(event.timestamp);
  return Number.isNaN(t.getTime()) ? null : t;
}

/**
 * Meta may deliver an older message after a newer one (a retry after a lost answer, a backlog on
 * its side). What the person asked for last, by the time they sent it, wins; the times are kept in
 * consent_events.message_at:
 * - an opt-in ("Iscrivimi", a web form's confirmation, the name that completes it) sent before a
 *   recorded opt-out is dropped: no subscription, no reply;
 * - an opt-out sent before a recorded opt-in is dropped too: honouring it would silently remove
 *   someone who subscribed again after it. Every opt-out not overtaken by a later opt-in is
 *   honoured at once, whatever the state.
 * Equal times are not "later": both apply in arrival order. Entries without message_at (other
 * channels, older rows) never overtake anything. A "Cancellami" from someone not subscribed is
 * recorded as OPT_OUT_NOT_SUBSCRIBED and overtakes an older opt-in like any opt-out.
 * `keys` are every HMAC the person is known by (number, BSUID): the ledger is keyed by one of them.
 */
async function overtaken(tx: Tx, keys: string[], by: 'OPT_IN' | 'OPT_OUT', sentAt: Date): Promise<boolean> {
  const actions = by === 'OPT_OUT' ? (['OPT_OUT', 'OPT_OUT_NOT_SUBSCRIBED'] as const) : (['OPT_IN'] as const);
  const later = await tx.consentEvent.findFirst({
    where: { phoneHmac: { in: keys }, action: { in: [...actions] }, messageAt: { gt: sentAt } },
    select: { id: true },
  });
  return later !== null;
}

/**
 * One inbound WhatsApp message -> at most one change to the subscriber and at most one reply.
 * Runs inside the caller's transaction together with marking the event processed, so a replay or
 * a crash never produces a second effect or a second reply (the reply's idempotency key is the
 * event id). Messages of one person are serialised by advisory locks on their number's and their
 * BSUID's HMACs (taken in a fixed order).
 *
 * The sender is the number (`from`) or, for a username-only citizen, the business-scoped user id
 * (BSUID, `from_user_id` / `contacts[].user_id`), or both. The subscriber is found by the number
 * first, then by the BSUID; whichever of the two the row lacks is learnt (a BSUID seen with a new
 * number moves to that number's row, the old row loses it; a username-only row takes the number
 * it now writes from).
 */
export async function handleInboundMessage(ctx: AppContext, tx: Tx, eventId: bigint, event: MessageEvent): Promise<string> {
  const settings = await loadSettings(ctx.db);
  const phone = event.from;
  const userId = event.userId;
  const phoneHmac = phone ? ctx.cipher.hmac(phone) : null;
  const userIdHmac = userId ? waUserIdHmac(ctx.cipher, userId) : null;
  const senderKeys = [phoneHmac, userIdHmac].filter((k): k is string => k !== null).sort();
  const lockKey = phoneHmac ?? userIdHmac;
  if (!lockKey) return 'no_sender';
  for (const key of senderKeys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;

  let subscriber: SubscriberRow | null = phoneHmac ? await tx.subscriber.findUnique({ where: { phoneHmac } }) : null;
  if (!subscriber && userIdHmac) {
    // By the BSUID when the message has no number, or when the row has none yet (a username-only
    // citizen now showing one). A BSUID on a row with another number is not that row's owner
    // writing: the number decides, and the BSUID moves to the new number's row when it has one.
    const byUserId = await tx.subscriber.findUnique({ where: { waUserIdHmac: userIdHmac } });
    if (byUserId && (!phone || !byUserId.phoneHmac)) subscriber = byUserId;
  }
  const now = ctx.now();
  const sentAt = sentTime(event);
  // An opted-out row keeps nothing but its HMACs and times: no activity is recorded on it.
  if (subscriber && subscriber.status !== 'UNSUBSCRIBED') {
    // A username-only row found by its BSUID takes the number the person now writes from (no row has it).
    const learnPhone = phone !== null && phoneHmac !== null && subscriber.phoneHmac !== phoneHmac;
    subscriber = await tx.subscriber.update({
      where: { id: subscriber.id },
      data: { lastInboundAt: now, ...(learnPhone ? { phoneHmac, phoneEnc: ctx.cipher.encrypt(phone) } : {}) },
    });
    if (userId && userIdHmac && (subscriber.waUserIdHmac !== userIdHmac || !subscriber.waUserIdEnc)) {
      if (await takeWaUserId(ctx, tx, subscriber.id, userId)) subscriber = await tx.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
      else ctx.log.info('user id kept on its username-only row', { event: eventId.toString() });
    }
  }
  // Every HMAC this person is known by: the consent ledger may hold entries under any of them.
  const keys = [...new Set([...senderKeys, ...(subscriber ? [subscriber.phoneHmac, subscriber.waUserIdHmac] : [])])].filter((k): k is string => !!k);
  // The number when there is one; a username-only citizen is answered at the BSUID.
  const replyTo = phone ?? (subscriber?.phoneEnc ? ctx.cipher.decrypt(subscriber.phoneEnc) : null) ?? userId;

  const intent = intentOf(event, subscriber);
  // `part` names a second message answering the same event (the zone list after a subscription).
  const reply = async (content: OutboundContent | null, outcome: string, part?: { key: string; subscriberId: string }): Promise<string> => {
    if (content && replyTo) {
      await enqueueMessage(tx, ctx.cipher, {
        idempotencyKey: part ? `reply:${eventId}:${part.key}` : `reply:${eventId}`,
        to: replyTo,
        purpose: 'reply',
        content,
        subscriberId: part ? part.subscriberId : subscriber?.status === 'UNSUBSCRIBED' ? null : (subscriber?.id ?? null),
        ...(part ? { delayMs: FOLLOW_UP_DELAY_MS } : {}),
      });
    }
    return replyTo ? outcome : `${outcome}:no_reply_address`;
  };
  const text = (key: Parameters<typeof replyText>[1], extra: Record<string, string> = {}): OutboundContent => ({
    type: 'text',
    body: replyText(settings, key, { ...extra, privacy: `${ctx.publicUrl}/privacy`, numero: ctx.whatsapp.displayNumber }),
  });

  const subscribeOrStale = async (opt: SubscribeArgs['intent']): Promise<string> => {
    if (sentAt && (await overtaken(tx, keys, 'OPT_OUT', sentAt))) {
      ctx.log.info('stale opt-in ignored: a later opt-out was recorded', { event: eventId.toString() });
      return 'stale_opt_in_ignored';
    }
    return handleSubscribe(ctx, tx, { event, phone, phoneHmac, userId, subscriber, settings, intent: opt, reply, text, sentAt });
  };

  switch (intent.kind) {
    case 'unsubscribe': {
      if (subscriber && sentAt && (await overtaken(tx, keys, 'OPT_IN', sentAt))) {
        ctx.log.info('stale opt-out ignored: a later opt-in was recorded', { event: eventId.toString() });
        return 'stale_opt_out_ignored';
      }
      const evidence = messageEvidence(ctx.cipher, event.wamid);
      // Not subscribed (pending, a stranger, already out): the request is still recorded, so that an
      // older "Iscrivimi" delivered after it cannot subscribe the person.
      if (subscriber?.status !== 'ACTIVE') {
        await recordOptOutRequest(ctx, tx, { key: subscriber ? ledgerKey(subscriber) : lockKey, evidence, settings, messageAt: sentAt });
      }
      if (subscriber) await unsubscribe(ctx, tx, subscriber, 'WHATSAPP', evidence, settings, sentAt);
      return reply(text('replyUnsubscribed'), 'unsubscribed');
    }
    case 'help':
      return reply(text('replyHelp'), 'help');
    case 'topics': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'topics_not_subscribed');
      return reply(await topicsList(tx, subscriber, settings), 'topics_list');
    }
    case 'topics_page': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'topics_not_subscribed');
      return reply(await topicsList(tx, subscriber, settings, intent.page), 'topics_list');
    }
    case 'toggle_topic': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'topics_not_subscribed');
      const names = await toggleTopic(ctx, tx, subscriber, intent.slug, settings);
      return reply(text('replyTopicsSaved', { argomenti: names }), 'topics_saved');
    }
    case 'zones':
    case 'zones_page': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'zones_not_subscribed');
      const list = await zonesList(tx, subscriber, settings, intent.kind === 'zones_page' ? intent.page : 1);
      // A comune without zones: everyone gets the whole town; say what the service does instead.
      return list ? reply(list, 'zones_list') : reply(text('replyHelp'), 'zones_none');
    }
    case 'preferences': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'preferences_not_subscribed');
      const link = await issuePreferenceLink(ctx, tx, subscriber.id);
      return reply(text('replyPreferencesLink', { link }), 'preferences_link');
    }
    case 'toggle_zone': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'zones_not_subscribed');
      const names = await toggleZone(ctx, tx, subscriber, intent.choice, settings);
      return reply(text('replyZonesSaved', { zone: names }), 'zones_saved');
    }
    case 'rename':
      // "Nome Mario Rossi": a subscriber corrects their name; anyone else is subscribed with it.
      if (subscriber?.status === 'ACTIVE') {
        await tx.subscriber.update({
          where: { id: subscriber.id },
          data: { firstNameEnc: ctx.cipher.encrypt(intent.name.firstName), lastNameEnc: ctx.cipher.encrypt(intent.name.lastName) },
        });
        return reply(text('replyNameChanged', { nome: intent.name.firstName, cognome: intent.name.lastName }), 'name_changed');
      }
      return subscribeOrStale({ kind: 'subscribe', name: intent.name, code: null });
    case 'subscribe':
    case 'name':
      return subscribeOrStale(intent);
    case 'silent':
      return 'ignored';
    case 'unknown':
      return autoReply(ctx, tx, lockKey, now, () => reply(text('replyOneWay'), 'auto_reply'));
  }
}

interface SubscribeArgs {
  event: MessageEvent;
  phone: string | null;
  phoneHmac: string | null;
  userId: string | null;
  subscriber: SubscriberRow | null;
  settings: Settings;
  intent: Extract<Intent, { kind: 'subscribe' | 'name' }>;
  reply: (c: OutboundContent | null, outcome: string, part?: { key: string; subscriberId: string }) => Promise<string>;
  text: (key: Parameters<typeof replyText>[1], extra?: Record<string, string>) => OutboundContent;
  sentAt: Date | null;
}

async function handleSubscribe(ctx: AppContext, tx: Tx, a: SubscribeArgs): Promise<string> {
  const { subscriber, settings } = a;
  if (!a.phone && !a.userId) return a.reply(null, 'subscribe_without_sender');
  const code = a.intent.kind === 'subscribe' ? a.intent.code : null;
  const storedName =
    subscriber?.firstNameEnc && subscriber.lastNameEnc
      ? { firstName: ctx.cipher.decrypt(subscriber.firstNameEnc), lastName: ctx.cipher.decrypt(subscriber.lastNameEnc), guessed: false }
      : null;
  const givenName = a.intent.name;

  if (subscriber?.status === 'ACTIVE') {
    // A web request for an already active number is confirmed here: apply its topics.
    if (subscriber.pendingTopicIds.length > 0 && code && code === subscriber.confirmationCode) {
      await activate(ctx, tx, {
        subscriber,
        phone: a.phone,
        userId: a.userId,
        name: givenName ?? storedName,
        channel: 'WEB',
        evidence: messageEvidence(ctx.cipher, a.event.wamid),
        settings,
        messageAt: a.sentAt,
      });
    }
    return a.reply(a.text('replyAlreadySubscribed', { nome: (givenName ?? storedName)?.firstName ?? '' }), 'already_subscribed');
  }

  // A pending web request is confirmed by any "Iscrivimi" from its number: the message itself is
  // the proof that the number belongs to the sender; the code only links it to the form.
  const fromWeb = subscriber?.status === 'PENDING' && subscriber.source === 'WEB' && subscriber.confirmationCode !== null;
  const name = givenName ?? (fromWeb ? storedName : null);
  if (!name) {
    const pendingExpiresAt = new Date(ctx.now().getTime() + 48 * 3600 * 1000);
    // The number when there is one; a username-only citizen is kept by their BSUID alone.
    const address = a.phone
      ? { phoneHmac: a.phoneHmac, phoneEnc: ctx.cipher.encrypt(a.phone) }
      : { waUserIdHmac: waUserIdHmac(ctx.cipher, a.userId!), waUserIdEnc: ctx.cipher.encrypt(a.userId!) };
    if (subscriber) {
      await tx.subscriber.update({ where: { id: subscriber.id }, data: { awaitingName: true, ...address, pendingExpiresAt, status: 'PENDING' } });
    } else {
      await tx.subscriber.create({
        data: { ...address, status: 'PENDING', source: 'WHATSAPP', awaitingName: true, lastInboundAt: ctx.now(), pendingExpiresAt },
      });
    }
    return a.reply(a.text('replyAskName'), 'ask_name');
  }
  const active = await activate(ctx, tx, {
    subscriber,
    phone: a.phone,
    phoneHmac: a.phoneHmac ?? undefined,
    userId: a.userId,
    name,
    channel: fromWeb ? 'WEB' : 'WHATSAPP',
    evidence: messageEvidence(ctx.cipher, a.event.wamid),
    settings,
    messageAt: a.sentAt,
  });
  const launched = settings.launchedAt !== null;
  // A guessed split is confirmed back with the way to fix it, rather than asking again.
  const [welcome, outcome] = name.guessed
    ? [a.text('replyNameGuess', { nome: name.firstName, cognome: name.lastName }), 'subscribed_name_guessed']
    : [a.text(launched ? 'replySubscribed' : 'replySubscribedBeforeLaunch', { nome: name.firstName }), 'subscribed'];
  // Then the zones, when the comune has some: the person may narrow the alerts to their quartiere.
  // The welcome leads the list when both fit in one message (Meta's 1,024 characters); otherwise
  // the list follows a moment after the welcome.
  const body = welcome.type === 'text' ? welcome.body : '';
  const fits = body.length + 2 + replyText(settings, 'replyZonesIntro').length <= LIST_BODY_MAX;
  const combined = await zonesList(tx, active, settings, 1, fits ? body : undefined);
  if (!combined) return a.reply(welcome, outcome);
  if (fits) return a.reply(combined, outcome);
  const result = await a.reply(welcome, outcome);
  await a.reply(combined, 'zones_list', { key: 'zones', subscriberId: active.id });
  return result;
}

/**
 * The one-way notice goes out at most once per 24 h per person (subscribed or not). The last time
 * is kept in rate_limits under the sender's HMAC, so strangers leave no personal data behind.
 */
async function autoReply(ctx: AppContext, tx: Tx, senderHmac: string, now: Date, send: () => Promise<string>): Promise<string> {
  const key = `auto-reply:${senderHmac}`;
  const since = new Date(now.getTime() - AUTO_REPLY_INTERVAL_MS);
  const recent = await tx.rateLimit.findFirst({ where: { key, windowStart: { gt: since } }, select: { key: true } });
  if (recent) return 'auto_reply_suppressed';
  await tx.rateLimit.create({ data: { key, windowStart: now, count: 1 } });
  return send();
}
