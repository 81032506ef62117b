import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { ZONE_ORDER } from './active-zones';

export interface AdminZone {
  slug: string;
  name: string;
  kind: 'QUARTIERE' | 'FRAZIONE';
  description: string;
  active: boolean;
  isExample: boolean;
  /** Active subscribers who chose it (kept when it is retired: a reactivation gives it back). */
  subscribers: number;
}

/** Every zone, retired ones included, in the order the chat list uses; admins only. */
export async function listZones(ctx: AppContext, { actor }: { actor: AnyActor }): Promise<AdminZone[]> {
  assertActor(actor, 'ADMIN');
  const [zones, counts] = await Promise.all([
    ctx.db.zone.findMany({
      orderBy: ZONE_ORDER,
      select: { id: true, slug: true, name: true, kind: true, description: true, active: true, isExample: true },
    }),
    ctx.db.subscriberZone.groupBy({ by: ['zoneId'], where: { subscriber: { status: 'ACTIVE' } }, _count: { _all: true } }),
  ]);
  const byZone = new Map(counts.map((c) => [c.zoneId, c._count._all]));
  return zones.map(({ id, kind, ...z }) => ({ ...z, kind: kind === 'FRAZIONE' ? 'FRAZIONE' : 'QUARTIERE', subscribers: byZone.get(id) ?? 0 }));
}
