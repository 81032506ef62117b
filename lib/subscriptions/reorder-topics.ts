import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';

/** Sets the order of all topics (retired ones included): `slugs` must name each topic exactly once. */
export async function reorderTopics(ctx: AppContext, { actor, slugs }: { actor: AnyActor; slugs: string[] }): Promise<void> {
  assertActor(actor, 'ADMIN');
  await ctx.db.$transaction(async (tx) => {
    const all = await tx.topic.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { slug: true } });
    const known = new Set(all.map((t) => t.slug));
    if (new Set(slugs).size !== slugs.length || slugs.length !== all.length || !slugs.every((s) => known.has(s))) {
      throw invalidInput('L’ordine deve elencare ogni argomento una sola volta: ricarica la pagina e riprova.', {
        slugs: ['Ogni argomento una sola volta.'],
      });
    }
    for (const [i, slug] of slugs.entries()) await tx.topic.update({ where: { slug }, data: { position: i + 1 } });
    await recordAudit(ctx, tx, { actor, action: 'topics_reorder', details: { old: all.map((t) => t.slug), new: slugs } });
  });
}
