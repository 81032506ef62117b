import type { AppContext } from '../context';
import { messageEvidence } from '../privacy/wamid';
import type { Prisma } from '../generated/prisma/client';
import { enqueueMessage, type OutboundContent } from '../outbox/enqueue';
import { loadSettings } from '../settings/store';
import type { Settings } from '../settings/defaults';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { parseCommand, parsePersonName, type Command, type PersonName } from './parse-command';
import { replyText } from './replies';
import { activate, unsubscribe, toggleTopic, topicsList, type SubscriberRow } from './subscriber-changes';

type MessageEvent = Extract<WebhookEvent, { kind: 'message' }>;
type Tx = Prisma.TransactionClient;

export const AUTO_REPLY_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** What the message asks for, in the context of who sent it. */
type Intent = Command | { kind: 'name'; name: PersonName } | { kind: 'toggle_topic'; slug: string } | { kind: 'silent' };

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
 * channels, older rows) never overtake anything.
 */
async function overtaken(tx: Tx, phoneHmac: string, by: 'OPT_IN' | 'OPT_OUT', sentAt: Date): Promise<boolean> {
  const later = await tx.consentEvent.findFirst({ where: { phoneHmac, action: by, messageAt: { gt: sentAt } }, select: { id: true } });
  return later !== null;
}

/**
 * One inbound WhatsApp message -> at most one change to the subscriber and at most one reply.
 * Runs inside the caller's transaction together with marking the event processed, so a replay or
 * a crash never produces a second effect or a second reply (the reply's idempotency key is the
 * event id). Messages of one person are serialised by an advisory lock on their number's HMAC.
 */
export async function handleInboundMessage(ctx: AppContext, tx: Tx, eventId: bigint, event: MessageEvent): Promise<string> {
  const settings = await loadSettings(ctx.db);
  const phone = event.from;
  const phoneHmac = phone ? ctx.cipher.hmac(phone) : null;
  const userIdHmac = event.userId ? ctx.cipher.hmac(`wa-user:${event.userId}`) : null;
  const lockKey = phoneHmac ?? userIdHmac;
  if (!lockKey) return 'no_sender';
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;

  let subscriber: SubscriberRow | null = phoneHmac
    ? await tx.subscriber.findUnique({ where: { phoneHmac } })
    : await tx.subscriber.findUnique({ where: { waUserIdHmac: userIdHmac! } });
  // Username users may write without a number; without one we can neither subscribe nor reply.
  const replyTo = phone ?? (subscriber?.phoneEnc ? ctx.cipher.decrypt(subscriber.phoneEnc) : null);
  const now = ctx.now();
  const sentAt = sentTime(event);
  // An opted-out row keeps nothing but its HMAC and times: no activity is recorded on it.
  if (subscriber && subscriber.status !== 'UNSUBSCRIBED') {
    const learnUserId = userIdHmac !== null && event.userId !== null && subscriber.waUserIdHmac !== userIdHmac;
    if (learnUserId) {
      // A business-scoped user id follows the person: if it was on another row (changed number), it moves here.
      await tx.subscriber.updateMany({ where: { waUserIdHmac: userIdHmac, id: { not: subscriber.id } }, data: { waUserIdHmac: null, waUserIdEnc: null } });
    }
    subscriber = await tx.subscriber.update({
      where: { id: subscriber.id },
      data: {
        lastInboundAt: now,
        ...(learnUserId ? { waUserIdHmac: userIdHmac, waUserIdEnc: ctx.cipher.encrypt(event.userId!) } : {}),
      },
    });
  }

  const intent = intentOf(event, subscriber);
  const reply = async (content: OutboundContent | null, outcome: string): Promise<string> => {
    if (content && replyTo) {
      await enqueueMessage(tx, ctx.cipher, {
        idempotencyKey: `reply:${eventId}`,
        to: replyTo,
        purpose: 'reply',
        content,
        subscriberId: subscriber?.status === 'UNSUBSCRIBED' ? null : (subscriber?.id ?? null),
      });
    }
    return replyTo ? outcome : `${outcome}:no_reply_address`;
  };
  const text = (key: Parameters<typeof replyText>[1], extra: Record<string, string> = {}): OutboundContent => ({
    type: 'text',
    body: replyText(settings, key, { ...extra, privacy: `${ctx.publicUrl}/privacy`, numero: ctx.whatsapp.displayNumber }),
  });

  switch (intent.kind) {
    case 'unsubscribe': {
      if (subscriber && sentAt && (await overtaken(tx, subscriber.phoneHmac, 'OPT_IN', sentAt))) {
        ctx.log.info('stale opt-out ignored: a later opt-in was recorded', { event: eventId.toString() });
        return 'stale_opt_out_ignored';
      }
      if (subscriber) await unsubscribe(ctx, tx, subscriber, 'WHATSAPP', messageEvidence(ctx.cipher, event.wamid), settings, sentAt);
      return reply(text('replyUnsubscribed'), 'unsubscribed');
    }
    case 'help':
      return reply(text('replyHelp'), 'help');
    case 'topics': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'topics_not_subscribed');
      return reply(await topicsList(tx, subscriber, settings), 'topics_list');
    }
    case 'toggle_topic': {
      if (subscriber?.status !== 'ACTIVE') return reply(text('replyAskName'), 'topics_not_subscribed');
      const names = await toggleTopic(ctx, tx, subscriber, intent.slug, settings);
      return reply(text('replyTopicsSaved', { argomenti: names }), 'topics_saved');
    }
    case 'subscribe':
    case 'name':
      if (phoneHmac && sentAt && (await overtaken(tx, phoneHmac, 'OPT_OUT', sentAt))) {
        ctx.log.info('stale opt-in ignored: a later opt-out was recorded', { event: eventId.toString() });
        return 'stale_opt_in_ignored';
      }
      return handleSubscribe(ctx, tx, { event, phone, phoneHmac, subscriber, settings, intent, reply, text, sentAt });
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
  subscriber: SubscriberRow | null;
  settings: Settings;
  intent: Extract<Intent, { kind: 'subscribe' | 'name' }>;
  reply: (c: OutboundContent | null, outcome: string) => Promise<string>;
  text: (key: Parameters<typeof replyText>[1], extra?: Record<string, string>) => OutboundContent;
  sentAt: Date | null;
}

async function handleSubscribe(ctx: AppContext, tx: Tx, a: SubscribeArgs): Promise<string> {
  const { subscriber, settings } = a;
  if (!a.phone || !a.phoneHmac) return a.reply(null, 'subscribe_without_number');
  const code = a.intent.kind === 'subscribe' ? a.intent.code : null;
  const storedName =
    subscriber?.firstNameEnc && subscriber.lastNameEnc
      ? { firstName: ctx.cipher.decrypt(subscriber.firstNameEnc), lastName: ctx.cipher.decrypt(subscriber.lastNameEnc) }
      : null;
  const givenName = a.intent.name;

  if (subscriber?.status === 'ACTIVE') {
    // A web request for an already active number is confirmed here: apply its topics.
    if (subscriber.pendingTopicIds.length > 0 && code && code === subscriber.confirmationCode) {
      await activate(ctx, tx, {
        subscriber,
        phone: a.phone,
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
    await tx.subscriber.upsert({
      where: { phoneHmac: a.phoneHmac },
      create: {
        phoneHmac: a.phoneHmac,
        phoneEnc: ctx.cipher.encrypt(a.phone),
        status: 'PENDING',
        source: 'WHATSAPP',
        awaitingName: true,
        lastInboundAt: ctx.now(),
        pendingExpiresAt: new Date(ctx.now().getTime() + 48 * 3600 * 1000),
      },
      update: {
        awaitingName: true,
        phoneEnc: ctx.cipher.encrypt(a.phone),
        pendingExpiresAt: new Date(ctx.now().getTime() + 48 * 3600 * 1000),
        status: 'PENDING',
      },
    });
    return a.reply(a.text('replyAskName'), 'ask_name');
  }
  await activate(ctx, tx, {
    subscriber,
    phone: a.phone,
    phoneHmac: a.phoneHmac,
    name,
    channel: fromWeb ? 'WEB' : 'WHATSAPP',
    evidence: messageEvidence(ctx.cipher, a.event.wamid),
    settings,
    messageAt: a.sentAt,
  });
  const launched = settings.launchedAt !== null;
  return a.reply(a.text(launched ? 'replySubscribed' : 'replySubscribedBeforeLaunch', { nome: name.firstName }), 'subscribed');
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
