/**
 * Test fixtures for the alerts area (imported by *.test.ts only): staff actors, subscribers in
 * bulk, approved templates, a launched service.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor, Role } from '../access/roles';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { setSetting } from '../settings/store';
import { loadSettings } from '../settings/store';
import { standardTemplates } from '../templates/standard';

export async function staffActor(ctx: AppContext, role: Role, opts: { phone?: string; name?: string } = {}): Promise<Extract<Actor, { kind: 'staff' }>> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@comune.test`;
  const u = await ctx.db.staffUser.create({
    data: { email, name: opts.name ?? role, role, passwordHash: 'not-used', phoneEnc: opts.phone ? ctx.cipher.encrypt(opts.phone) : null },
  });
  return { kind: 'staff', id: u.id, email, name: u.name, role };
}

export function apiKeyActor(): Actor {
  return { kind: 'api_key', id: randomUUID(), name: 'gestionale', role: 'EDITOR' };
}

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
    const phone = `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    rows.push({ id, phoneHmac: ctx.cipher.hmac(`${phone}:${id}`), phoneEnc: ctx.cipher.encrypt(phone), status: opts.status ?? 'ACTIVE', source: 'WEB' });
  }
  await ctx.db.subscriber.createMany({ data: rows });
  await ctx.db.subscriberTopic.createMany({ data: ids.flatMap((subscriberId) => topics.map((t) => ({ subscriberId, topicId: t.id }))) });
  return ids;
}

/** The standard templates as Meta would hold them once approved. */
export async function approveTemplates(ctx: AppContext, status = 'APPROVED'): Promise<void> {
  for (const def of standardTemplates(await loadSettings(ctx.db, { fresh: true }))) {
    const data = { category: def.category, status, components: def.components as Prisma.InputJsonValue, metaId: randomBytes(6).toString('hex') };
    await ctx.db.whatsAppTemplate.upsert({ where: { name_language: { name: def.name, language: def.language } }, create: { name: def.name, language: def.language, ...data }, update: data });
  }
}

export async function launch(ctx: AppContext, at = ctx.now()): Promise<void> {
  await setSetting(ctx.db, 'launchedAt', at.toISOString());
}

export const composeInput = (over: Record<string, unknown> = {}) => ({
  title: 'Via Roma chiusa',
  body: 'Dalle 20 alle 24 Via Roma è chiusa per lavori.',
  urgency: 'normal' as const,
  topics: ['viabilita'],
  ...over,
});

/** A topic of its own, so a test's counts are not disturbed by the others in the same file. */
export async function newTopic(ctx: AppContext): Promise<{ id: string; slug: string }> {
  const slug = `t-${randomBytes(4).toString('hex')}`;
  return ctx.db.topic.create({ data: { slug, name: `Argomento ${slug}` }, select: { id: true, slug: true } });
}
