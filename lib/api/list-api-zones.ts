import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import { activeZones } from '../zones/active-zones';
import type { ZonesBody } from './schemas';

/**
 * GET /api/v1/zones: the active zones (slug, name, kind, description) in their order, so a client
 * can choose `zones` for POST /api/v1/alerts. Any key that may create alerts may read them.
 */
export async function listApiZones(ctx: AppContext, { actor }: { actor: Actor }): Promise<ZonesBody> {
  assertRole(actor, 'VIEWER');
  assertScope(actor, 'alerts:draft', 'list the zones');
  const zones = await activeZones(ctx.db);
  return { zones: zones.map((z) => ({ slug: z.slug, name: z.name, kind: z.kind === 'FRAZIONE' ? 'frazione' : 'quartiere', description: z.description })) };
}
