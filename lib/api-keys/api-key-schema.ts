import { z } from 'zod';

/** The one field of a new key; Italian messages (dashboard form and CLI). */
export const apiKeyNameSchema = z
  .string({ error: 'Scrivi un nome per la chiave.' })
  .trim()
  .min(2, 'Scrivi un nome per la chiave (almeno 2 caratteri), ad esempio il sistema che la userà.')
  .max(80, 'Il nome può avere al massimo 80 caratteri.')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Il nome deve stare su una sola riga.');

export const createApiKeySchema = z.object({ name: apiKeyNameSchema });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
