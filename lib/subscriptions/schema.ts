import { z } from 'zod';
import { normalisePhone } from './phone';

/**
 * One schema for the web form: react-hook-form validates with it in the browser, the server action
 * and requestWebSubscription() validate with it again on the server. Messages are Italian and
 * plain, shown next to the field.
 */
/** A person's first or last name: letters, then letters, marks, spaces, apostrophes, dots, hyphens. */
export const PERSON_NAME = /^[\p{L}][\p{L}\p{M}' ’.-]*$/u;

const personName = (label: string) =>
  z
    .string({ error: `Scrivi il tuo ${label}.` })
    .trim()
    .min(1, `Scrivi il tuo ${label}.`)
    .max(60, `Il ${label} può avere al massimo 60 caratteri.`)
    .regex(PERSON_NAME, `Il ${label} può contenere solo lettere, spazi, apostrofi e trattini.`);

export const webSubscriptionSchema = z.object({
  firstName: personName('nome'),
  lastName: personName('cognome'),
  phone: z
    .string({ error: 'Scrivi il numero di cellulare.' })
    .trim()
    .min(1, 'Scrivi il numero di cellulare.')
    .refine((v) => normalisePhone(v) !== null, {
      message: 'Il numero non sembra un cellulare valido. Esempio: 333 123 4567 (per l’estero aggiungi il prefisso, es. +41…).',
    }),
  topics: z.array(z.string().max(64)).min(1, 'Scegli almeno un argomento.').max(50),
  privacyConsent: z.literal(true, { error: 'Per iscriverti devi dichiarare di aver letto l’informativa privacy.' }),
  /** Honeypot: a field people never see or fill. */
  website: z.string().max(200).optional(),
});

export type WebSubscriptionInput = z.infer<typeof webSubscriptionSchema>;
