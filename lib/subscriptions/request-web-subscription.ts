import { randomInt } from 'node:crypto';
import type { AppContext } from '../context';
import { hitRateLimits } from '../security/rate-limit';
import { createConfirmationToken } from './confirmation';
import { normalisePhone } from './phone';
import { webSubscriptionSchema } from './schema';

export const PENDING_TTL_MS = 48 * 60 * 60 * 1000;

type Field = 'firstName' | 'lastName' | 'phone' | 'topics' | 'privacyConsent';

export type WebSubscriptionResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'invalid'; fieldErrors: Partial<Record<Field, string>> }
  | { ok: false; reason: 'rate_limited'; retryAfter: number };

/**
 * A web request proves nothing about the number, so it only creates a PENDING request that the
 * person confirms by writing from that number on WhatsApp. Nothing is ever sent to a number
 * because of the form. The answer is the same whether the number is new, pending, active or
 * unsubscribed, so the form cannot be used to learn who is subscribed.
 */
export async function requestWebSubscription(ctx: AppContext, input: unknown, meta: { ip: string; userAgent?: string }): Promise<WebSubscriptionResult> {
  const parsed = webSubscriptionSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<Field, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field;
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, reason: 'invalid', fieldErrors };
  }
  const data = parsed.data;
  const phone = normalisePhone(data.phone) as string;
  const phoneHmac = ctx.cipher.hmac(phone);
  const now = ctx.now();

  const limit = await hitRateLimits(
    ctx.pool,
    [
      { key: `web-form:ip:${ctx.cipher.hmac(meta.ip)}`, limit: 10, windowSeconds: 3600 },
      { key: `web-form:ip-day:${ctx.cipher.hmac(meta.ip)}`, limit: 40, windowSeconds: 86_400 },
      { key: `web-form:phone:${phoneHmac}`, limit: 5, windowSeconds: 86_400 },
    ],
    now,
  );
  if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfter: limit.retryAfter };

  const expiresAt = new Date(now.getTime() + PENDING_TTL_MS);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const token = createConfirmationToken(ctx, { code, firstName: data.firstName, lastName: data.lastName, expiresAt });
  // The honeypot is filled only by bots: answer exactly as for a person, store nothing.
  if (data.website) return { ok: true, token };

  const topics = await ctx.db.topic.findMany({ where: { active: true, slug: { in: data.topics } }, select: { id: true } });
  if (topics.length === 0) return { ok: false, reason: 'invalid', fieldErrors: { topics: 'Scegli almeno un argomento.' } };

  const pending = {
    confirmationCode: code,
    pendingTopicIds: topics.map((t) => t.id),
    pendingExpiresAt: expiresAt,
  };
  const personal = {
    phoneEnc: ctx.cipher.encrypt(phone),
    firstNameEnc: ctx.cipher.encrypt(data.firstName),
    lastNameEnc: ctx.cipher.encrypt(data.lastName),
  };
  await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${phoneHmac}, 0))`;
    const existing = await tx.subscriber.findUnique({ where: { phoneHmac }, select: { id: true, status: true } });
    if (!existing) {
      await tx.subscriber.create({ data: { phoneHmac, status: 'PENDING', source: 'WEB', ...personal, ...pending } });
    } else if (existing.status === 'ACTIVE') {
      // Already subscribed: keep the subscription as it is; the confirming message applies the new topics.
      await tx.subscriber.update({ where: { id: existing.id }, data: pending });
    } else {
      await tx.subscriber.update({
        where: { id: existing.id },
        data: { status: 'PENDING', source: 'WEB', awaitingName: false, ...personal, ...pending },
      });
    }
  });
  return { ok: true, token };
}
