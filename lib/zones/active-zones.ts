import type { Prisma } from '../generated/prisma/client';
import { invalidInput } from '../errors';

type Db = Pick<Prisma.TransactionClient, 'zone'>;

export interface ZoneChoice {
  id: string;
  slug: string;
  name: string;
  description: string;
  kind: 'QUARTIERE' | 'FRAZIONE';
}

export const ZONE_ORDER = [{ position: 'asc' as const }, { name: 'asc' as const }];

/** The zones offered to citizens and to alerts: active ones, in the comune's order. */
export async function activeZones(db: Db): Promise<ZoneChoice[]> {
  const rows = await db.zone.findMany({
    where: { active: true },
    orderBy: ZONE_ORDER,
    select: { id: true, slug: true, name: true, description: true, kind: true },
  });
  return rows.map((r) => ({ ...r, kind: r.kind === 'FRAZIONE' ? 'FRAZIONE' : 'QUARTIERE' }));
}

/**
 * Zone slugs -> ids for an alert (active zones only). null or an empty list stays null: the whole
 * town. An unknown or retired slug is refused by name, like a topic (API clients rely on slugs).
 */
export async function resolveZoneIds(db: Db, slugs: string[] | null | undefined): Promise<string[] | null> {
  if (!slugs || slugs.length === 0) return null;
  const rows = await db.zone.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, active: true } });
  const retired = rows.filter((r) => !r.active).map((r) => r.slug);
  const unknown = slugs.filter((s) => !rows.some((r) => r.slug === s));
  const messages = [
    ...(unknown.length > 0 ? [`Zona sconosciuta: ${unknown.join(', ')}.`] : []),
    ...(retired.length > 0 ? [`Zona ritirata, non più disponibile per nuovi avvisi: ${retired.join(', ')}.`] : []),
  ];
  if (messages.length > 0) throw invalidInput(messages.join(' '), { zones: messages });
  return rows.map((r) => r.id);
}
