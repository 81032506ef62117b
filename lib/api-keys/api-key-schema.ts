import { z } from 'zod';
import { API_SCOPES, DEFAULT_API_SCOPES, normalizeScopes } from '../access/api-scopes';

/** The fields of a new key; Italian messages (dashboard form and CLI). */
export const apiKeyNameSchema = z
  .string({ error: 'Scrivi un nome per la chiave.' })
  .trim()
  .min(2, 'Scrivi un nome per la chiave (almeno 2 caratteri), ad esempio il sistema che la userà.')
  .max(80, 'Il nome può avere al massimo 80 caratteri.')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Il nome deve stare su una sola riga.');

/** A key lives 90 days unless chosen otherwise, a year at most: a forgotten key stops by itself. */
export const DEFAULT_API_KEY_DAYS = 90;
export const MAX_API_KEY_DAYS = 365;

export const apiKeyScopesSchema = z
  .array(
    z.string().refine((s) => (API_SCOPES as readonly string[]).includes(s), {
      error: (i) => `Permesso sconosciuto: ${String(i.input)}. Permessi possibili: ${API_SCOPES.join(', ')}.`,
    }),
  )
  .min(1, 'Scegli almeno un permesso.')
  .transform(normalizeScopes);

export const createApiKeySchema = z.object({
  name: apiKeyNameSchema,
  /** Omitted: draft-only (DEFAULT_API_SCOPES). */
  scopes: apiKeyScopesSchema.default([...DEFAULT_API_SCOPES]),
  /** Days from now until the key stops working. */
  expiresInDays: z.coerce
    .number({ error: 'Scrivi dopo quanti giorni scade la chiave.' })
    .int('Scrivi un numero intero di giorni.')
    .min(1, 'La chiave deve valere almeno un giorno.')
    .max(MAX_API_KEY_DAYS, `Una chiave vale al massimo ${MAX_API_KEY_DAYS} giorni: creane una nuova alla scadenza.`)
    .default(DEFAULT_API_KEY_DAYS),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
