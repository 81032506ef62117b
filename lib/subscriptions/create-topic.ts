import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import { slugFromName, topicFieldsSchema, type TopicFields } from './topic-schema';

/** Creates an active topic at the end of the order; the slug comes from the name and must be new. */
export async function createTopic(ctx: AppContext, { actor, input }: { actor: AnyActor; input: TopicFields }): Promise<{ id: string; slug: string }> {
  assertActor(actor, 'ADMIN');
  const r = topicFieldsSchema.safeParse(input);
  if (!r.success) throw invalidInput('Controlla i campi evidenziati.', fieldErrorsFromZod(r.error));
  const slug = slugFromName(r.data.name);
  if (slug.length < 2) throw invalidInput('Il nome deve contenere lettere o numeri.', { name: ['Il nome deve contenere lettere o numeri.'] });
  return ctx.db.$transaction(async (tx) => {
    const taken = await tx.topic.findUnique({ where: { slug } });
    if (taken) {
      const message = taken.active
        ? `Esiste già l’argomento «${taken.name}» con lo stesso identificativo (${slug}): scegli un altro nome.`
        : `Esiste già l’argomento ritirato «${taken.name}» con lo stesso identificativo (${slug}): riattivalo o scegli un altro nome.`;
      throw invalidInput(message, { name: [message] });
    }
    const last = await tx.topic.aggregate({ _max: { position: true } });
    const topic = await tx.topic.create({
      data: { slug, name: r.data.name, description: r.data.description, position: (last._max.position ?? 0) + 1 },
    });
    await recordAudit(ctx, tx, { actor, action: 'topic_create', target: slug, details: { name: topic.name, description: topic.description } });
    return { id: topic.id, slug };
  });
}
