import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';

export interface AdminTopic {
  slug: string;
  name: string;
  description: string;
  active: boolean;
  /** Active subscribers who follow it (kept when it is retired: a reactivation gives it back). */
  followers: number;
}

/** Every topic, retired ones included, in the order the form and the chat list use; admins only. */
export async function listTopics(ctx: AppContext, { actor }: { actor: AnyActor }): Promise<AdminTopic[]> {
  assertActor(actor, 'ADMIN');
  const [topics, counts] = await Promise.all([
    ctx.db.topic.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, slug: true, name: true, description: true, active: true } }),
    ctx.db.subscriberTopic.groupBy({ by: ['topicId'], where: { subscriber: { status: 'ACTIVE' } }, _count: { _all: true } }),
  ]);
  const byTopic = new Map(counts.map((c) => [c.topicId, c._count._all]));
  return topics.map(({ id, ...t }) => ({ ...t, followers: byTopic.get(id) ?? 0 }));
}
