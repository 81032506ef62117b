import type { Db } from '../db';

/** The topics a new installation starts with (Conegliano's announcement); editable later. */
export const DEFAULT_TOPICS = [
  { slug: 'viabilita', name: 'Viabilità e traffico', description: 'Traffico, cantieri, deviazioni', position: 1 },
  { slug: 'chiusura-strade', name: 'Chiusura strade', description: 'Strade chiuse e divieti temporanei', position: 2 },
  { slug: 'urgenze', name: 'Avvisi urgenti', description: 'Emergenze e avvisi di protezione civile', position: 3 },
] as const;

/** Idempotent: creates missing default topics, never overwrites staff edits. */
export async function seedTopics(db: Db): Promise<void> {
  for (const t of DEFAULT_TOPICS) {
    await db.topic.upsert({ where: { slug: t.slug }, create: t, update: {} });
  }
}
