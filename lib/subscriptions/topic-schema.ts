import { z } from 'zod';

/** Name and description of a topic, as the admin form and the use cases validate them (Italian errors). */
export const topicFieldsSchema = z.object({
  name: z.string().trim().min(2, { error: 'Il nome deve avere almeno 2 caratteri.' }).max(60, { error: 'Il nome può avere al massimo 60 caratteri.' }),
  description: z.string().trim().max(72, { error: 'La descrizione può avere al massimo 72 caratteri (limite di WhatsApp).' }).default(''),
});
export type TopicFields = z.input<typeof topicFieldsSchema>;

/**
 * The slug made from a name: lower case, accents dropped, words joined by "-", at most 40
 * characters. It never changes afterwards: it is a contract for API clients and chat ids `topic:<slug>`.
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
