import { z } from 'zod';

export const ZONE_KINDS = ['QUARTIERE', 'FRAZIONE'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** Name, kind and description of a zone, as the admin form and the use cases validate them (Italian errors). */
export const zoneFieldsSchema = z.object({
  name: z.string().trim().min(2, { error: 'Il nome deve avere almeno 2 caratteri.' }).max(60, { error: 'Il nome può avere al massimo 60 caratteri.' }),
  kind: z.enum(ZONE_KINDS, { error: 'Scegli se è un quartiere o una frazione.' }),
  description: z.string().trim().max(72, { error: 'La descrizione può avere al massimo 72 caratteri.' }).default(''),
});
export type ZoneFields = z.input<typeof zoneFieldsSchema>;

export const kindLabel = (kind: string): string => (kind === 'FRAZIONE' ? 'Frazione' : 'Quartiere');
