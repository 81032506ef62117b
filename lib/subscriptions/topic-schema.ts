import { z } from 'zod';

/** Name and description of a topic, as the admin form and the use cases validate them (Italian errors). */
export const topicFieldsSchema = z.object({
  name: z.string().trim().min(2, { error: 'Il nome deve avere almeno 2 caratteri.' }).max(60, { error: 'Il nome può avere al massimo 60 caratteri.' }),
  description: z.string().trim().max(72, { error: 'La descrizione può avere al massimo 72 caratteri (limite di WhatsApp).' }).default(''),
});
export type TopicFields = z.input<typeof topicFieldsSchema>;

/** The slug function, shared with zones (lib/ids.ts). */
export { slugFromName } from '../ids';
