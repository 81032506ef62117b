import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import type { TopicsBody } from './schemas';

/**
 * GET /api/v1/topics: the active topics (slug, name, description) in their order, so a client can
 * choose `topics` for POST /api/v1/alerts. Any key that may create alerts may read them.
 */
export async function listApiTopics(ctx: AppContext, { actor }: { actor: Actor }): Promise<TopicsBody> {
  assertRole(actor, 'VIEWER');
  assertScope(actor, 'alerts:draft', 'list the topics');
  const rows = await ctx.db.topic.findMany({
    where: { active: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
    select: { slug: true, name: true, description: true },
  });
  return { topics: rows };
}
