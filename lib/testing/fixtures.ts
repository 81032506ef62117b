/**
 * The one place tests create subscribers and staff (imported by *.test.ts, test support and the
 * benchmarks only). Subscribers are keyed as production keys them: phone_hmac is the HMAC of the
 * E.164 number (lib/privacy/crypto.ts, lib/subscriptions/request-web-subscription.ts).
 */
import { API_SCOPES, type ApiScope } from '../access/api-scopes';
import { randomBytes, randomUUID } from 'node:crypto';
import { systemActor } from '../access/actor';
import type { Actor, Role } from '../access/roles';
import { createStaffUser } from '../auth/create-staff-user';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';

/** E.164 numbers +39 3xx nnnnnnnn, distinct for distinct (prefix, index). */
export function testNumber(i: number, prefix = '33'): string {
  return `+39${prefix}${String(i).padStart(8, '0')}`;
}

const SEED_BATCH = 5000;

/**
 * Inserts `count` ACTIVE subscribers (numbers encrypted, HMAC for look-ups) in batches of one
 * statement each; optionally following one topic. Returns their ids in number order.
 */
export async function seedSubscribers(
  ctx: Pick<AppContext, 'pool' | 'cipher'>,
  opts: { count: number; start?: number; prefix?: string; topicSlug?: string; lastInboundAt?: Date | null },
): Promise<string[]> {
  const ids: string[] = [];
  const topic = opts.topicSlug
    ? ((await ctx.pool.query<{ id: string }>('SELECT id::text FROM topics WHERE slug = $1', [opts.topicSlug])).rows[0]?.id ?? null)
    : null;
  if (opts.topicSlug && !topic) throw new Error(`no topic ${opts.topicSlug}`);
  for (let from = 0; from < opts.count; from += SEED_BATCH) {
    const n = Math.min(SEED_BATCH, opts.count - from);
    const hmacs: string[] = [];
    const encs: string[] = [];
    for (let i = 0; i < n; i++) {
      const e164 = testNumber((opts.start ?? 0) + from + i, opts.prefix);
      hmacs.push(ctx.cipher.hmac(e164));
      encs.push(ctx.cipher.encrypt(e164));
    }
    const { rows } = await ctx.pool.query<{ id: string }>(
      `INSERT INTO subscribers (phone_hmac, phone_enc, status, source, confirmed_at, updated_at, last_inbound_at)
       SELECT h, e, 'ACTIVE', 'IMPORT', now(), now(), $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(h, e, o) ORDER BY o
       RETURNING id::text`,
      [hmacs, encs, opts.lastInboundAt ?? null],
    );
    const batch = rows.map((r) => r.id);
    if (topic) await ctx.pool.query('INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT unnest($1::uuid[]), $2::uuid', [batch, topic]);
    ids.push(...batch);
  }
  return ids;
}

// Numbers of addSubscribers: +3934…, distinct within a test file (each file has its own database).
let nextNumber = 0;

/** Active (by default) subscribers following the given topics; returns their ids. */
export async function addSubscribers(
  ctx: AppContext,
  n: number,
  topicSlugs: string[],
  opts: { status?: 'ACTIVE' | 'PENDING' | 'UNSUBSCRIBED' } = {},
): Promise<string[]> {
  const topics = await ctx.db.topic.findMany({ where: { slug: { in: topicSlugs } }, select: { id: true } });
  const ids: string[] = [];
  const rows: Prisma.SubscriberCreateManyInput[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    ids.push(id);
    const phone = testNumber(nextNumber++, '34');
    // As production keys them (request-web-subscription, search-subscribers): the HMAC of the E.164 number.
    rows.push({ id, phoneHmac: ctx.cipher.hmac(phone), phoneEnc: ctx.cipher.encrypt(phone), status: opts.status ?? 'ACTIVE', source: 'WEB' });
  }
  await ctx.db.subscriber.createMany({ data: rows });
  await ctx.db.subscriberTopic.createMany({ data: ids.flatMap((subscriberId) => topics.map((t) => ({ subscriberId, topicId: t.id }))) });
  return ids;
}

/** A staff member created directly (no password, no audit), as the actor of a use case. */
export async function staffActor(ctx: AppContext, role: Role, opts: { phone?: string; name?: string } = {}): Promise<Extract<Actor, { kind: 'staff' }>> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@comune.test`;
  const u = await ctx.db.staffUser.create({
    data: { email, name: opts.name ?? role, role, passwordHash: 'not-used', phoneEnc: opts.phone ? ctx.cipher.encrypt(opts.phone) : null },
  });
  return { kind: 'staff', id: u.id, email, name: u.name, role };
}

/** An API key's actor, with every scope unless told otherwise. */
export function apiKeyActor(scopes: readonly ApiScope[] = API_SCOPES): Actor {
  return { kind: 'api_key', id: randomUUID(), name: 'gestionale', role: 'EDITOR', scopes };
}

/** Test helper: a staff user with a known password, optionally with TOTP already enabled. */
export const TEST_PASSWORD = 'cavallo-batteria-graffetta';

export async function makeStaff(
  ctx: AppContext,
  /** `temporary`: the password is temporary, as when an admin sets it (default: the user's own). */
  opts: { email: string; role?: Role; totpSecret?: string; disabled?: boolean; name?: string; temporary?: boolean },
): Promise<{ id: string; email: string }> {
  const u = await createStaffUser(ctx, {
    actor: systemActor('test'),
    input: { email: opts.email, role: opts.role ?? 'EDITOR', name: opts.name ?? 'Prova', password: TEST_PASSWORD },
    permanent: !opts.temporary,
  });
  if (opts.totpSecret || opts.disabled) {
    await ctx.db.staffUser.update({
      where: { id: u.id },
      data: {
        ...(opts.totpSecret ? { totpEnabled: true, totpSecretEnc: ctx.cipher.encrypt(opts.totpSecret) } : {}),
        ...(opts.disabled ? { disabled: true } : {}),
      },
    });
  }
  return { id: u.id, email: u.email };
}
