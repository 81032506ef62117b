/**
 * Test fixtures for the alerts area (imported by *.test.ts only): approved templates, a launched
 * service, compose input, topics. Staff and subscribers: lib/testing/fixtures.ts.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { setSetting } from '../settings/store';
import { loadSettings } from '../settings/store';
import { standardTemplates } from '../templates/standard';

/** The standard templates as Meta would hold them once approved. */
export async function approveTemplates(ctx: AppContext, status = 'APPROVED'): Promise<void> {
  for (const def of standardTemplates(await loadSettings(ctx.db, { fresh: true }))) {
    const data = { category: def.category, status, components: def.components as Prisma.InputJsonValue, metaId: randomBytes(6).toString('hex') };
    await ctx.db.whatsAppTemplate.upsert({
      where: { name_language: { name: def.name, language: def.language } },
      create: { name: def.name, language: def.language, ...data },
      update: data,
    });
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
