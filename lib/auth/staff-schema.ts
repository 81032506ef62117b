import { randomInt } from 'node:crypto';
import { z } from 'zod';

/** One set of rules for the staff forms, their server actions and the CLI. */
export const ROLES = ['ADMIN', 'EDITOR', 'VIEWER'] as const;

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  ADMIN: 'Amministratore',
  EDITOR: 'Redattore',
  VIEWER: 'Lettore',
};

export const staffEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Scrivi un indirizzo email valido.' }).max(254, { error: 'Indirizzo email troppo lungo.' }));

export const staffNameSchema = z.string().trim().max(120, { error: 'Il nome può avere al massimo 120 caratteri.' });

export const roleSchema = z.enum(ROLES, { error: 'Scegli un ruolo.' });

export const createStaffSchema = z.object({
  email: staffEmailSchema,
  name: staffNameSchema.default(''),
  role: roleSchema,
  /** Empty: a temporary password is generated and shown once. */
  password: z.string().optional(),
});
export type CreateStaffInput = z.input<typeof createStaffSchema>;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from an alphabet without look-alikes (≈ 93 bits), grouped for reading aloud. */
export function generateTemporaryPassword(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
