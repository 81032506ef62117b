import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError, invalidInput } from '../errors';

/**
 * Retires a topic: it is no longer offered by the form, the chat list or the API, and new alerts
 * cannot choose it. Its subscribers keep their other topics, and their link to it is kept (a
 * reactivation gives it back). A subscriber for whom it was the only active topic would otherwise
 * receive nothing at all (alerts "to every topic" go to followers of active topics): a comune
 * would not silently drop a citizen who asked for its alerts, so they get every active topic,
 * the same default as a plain "Iscrivimi", and can narrow it with "Argomenti". They are told at
 * their next "Argomenti" (topicsList notes the retired topic): a reply inside the 24-hour window,
 * so no template is needed; nothing is sent outside the window.
 * Returns how many active subscribers followed it and how many were given every active topic.
 */
export async function retireTopic(
  ctx: AppContext,
  { actor, slug }: { actor: AnyActor; slug: string },
): Promise<{ followers: number; givenEveryTopic: number }> {
  assertActor(actor, 'ADMIN');
  return ctx.db.$transaction(async (tx) => {
    const topic = await tx.topic.findUnique({ where: { slug } });
    if (!topic) throw new AppError('not_found', `Argomento non trovato: ${slug}.`);
    if (!topic.active) return { followers: 0, givenEveryTopic: 0 };
    const activeCount = await tx.topic.count({ where: { active: true } });
    if (activeCount <= 1) throw invalidInput('Non puoi ritirare l’ultimo argomento attivo: creane prima un altro.');
    await tx.topic.update({ where: { slug }, data: { active: false } });
    const where = { topics: { some: { topicId: topic.id } }, status: 'ACTIVE' as const };
    const followers = await tx.subscriber.count({ where });
    const orphans = await tx.subscriber.findMany({ where: { ...where, NOT: { topics: { some: { topic: { active: true } } } } }, select: { id: true } });
    const active = await tx.topic.findMany({ where: { active: true }, select: { id: true } });
    await tx.subscriberTopic.createMany({
      data: orphans.flatMap((o) => active.map((t) => ({ subscriberId: o.id, topicId: t.id }))),
      skipDuplicates: true,
    });
    const leftWithoutTopics = orphans.length;
    await recordAudit(ctx, tx, { actor, action: 'topic_retire', target: slug, details: { name: topic.name, followers, givenEveryTopic: leftWithoutTopics } });
    return { followers, givenEveryTopic: leftWithoutTopics };
  });
}
