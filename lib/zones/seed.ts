import type { Db } from '../db';

/**
 * An example list of Conegliano's quartieri and frazioni, so a new installation shows how zones
 * work. Every row is marked `isExample`: the dashboard asks the comune to check the names against
 * its own (a comune other than Conegliano replaces them) before citizens see them as official.
 */
export const EXAMPLE_ZONES = [
  { slug: 'centro', name: 'Centro storico', kind: 'QUARTIERE', description: 'Via XX Settembre, piazza Cima, Castello' },
  { slug: 'monticano', name: 'Monticano', kind: 'QUARTIERE', description: 'Lungo il Monticano, via Cesare Battisti' },
  { slug: 'san-giuseppe', name: 'San Giuseppe', kind: 'QUARTIERE', description: '' },
  { slug: 'mescolino', name: 'Mescolino', kind: 'QUARTIERE', description: '' },
  { slug: 'madonna-delle-grazie', name: 'Madonna delle Grazie', kind: 'QUARTIERE', description: '' },
  { slug: 'pare', name: 'Parè', kind: 'QUARTIERE', description: '' },
  { slug: 'campolongo', name: 'Campolongo', kind: 'FRAZIONE', description: '' },
  { slug: 'collalbrigo', name: 'Collalbrigo', kind: 'FRAZIONE', description: '' },
  { slug: 'costa', name: 'Costa', kind: 'FRAZIONE', description: '' },
  { slug: 'ogliano', name: 'Ogliano', kind: 'FRAZIONE', description: '' },
  { slug: 'scomigo', name: 'Scomigo', kind: 'FRAZIONE', description: '' },
] as const;

/**
 * Seeds the example zones once, on an installation that has never had any: a comune that edits,
 * retires or replaces them never sees them come back.
 */
export async function seedExampleZones(db: Db): Promise<void> {
  if ((await db.zone.count()) > 0) return;
  await db.zone.createMany({
    data: EXAMPLE_ZONES.map((z, i) => ({ ...z, position: i + 1, isExample: true })),
    skipDuplicates: true,
  });
}
