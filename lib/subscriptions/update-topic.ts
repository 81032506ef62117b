import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError, fieldErrorsFromZod, invalidInput } from '../errors';
import { topicFieldsSchema, type TopicFields } from './topic-schema';

/** Renames and/or re-describes a topic; the slug stays (API clients and chat ids rely on it). */
export async function updateTopic(ctx: AppContext, { actor, slug, input }: { actor: AnyActor; slug: string; input: TopicFields }): Promise<void> {
  assertActor(actor, 'ADMIN');
  const r = topicFieldsSchema.safeParse(input);
  if (!r.success) throw invalidInput('Controlla i campi evidenziati.', fieldErrorsFromZod(r.error));
  await ctx.db.$transaction(async (tx) => {
    const old = await tx.topic.findUnique({ where: { slug } });
    if (!old) throw new AppError('not_found', `Argomento non trovato: ${slug}.`);
    if (old.name === r.data.name && old.description === r.data.description) return;
    await tx.topic.update({ where: { slug }, data: { name: r.data.name, description: r.data.description } });
    await recordAudit(ctx, tx, {
      actor,
      action: 'topic_update',
      target: slug,
      details: { old: { name: old.name, description: old.description }, new: r.data },
    });
  });
}
