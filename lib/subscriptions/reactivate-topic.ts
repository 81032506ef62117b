import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';

/** Offers a retired topic again; the subscribers who followed it before follow it again. */
export async function reactivateTopic(ctx: AppContext, { actor, slug }: { actor: AnyActor; slug: string }): Promise<void> {
  assertActor(actor, 'ADMIN');
  await ctx.db.$transaction(async (tx) => {
    const topic = await tx.topic.findUnique({ where: { slug } });
    if (!topic) throw new AppError('not_found', `Argomento non trovato: ${slug}.`);
    if (topic.active) return;
    await tx.topic.update({ where: { slug }, data: { active: true } });
    await recordAudit(ctx, tx, { actor, action: 'topic_reactivate', target: slug, details: { name: topic.name } });
  });
}
