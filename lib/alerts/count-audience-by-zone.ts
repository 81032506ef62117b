import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { zoneBreakdownSql } from '../delivery/recipients';
import { activeZones } from '../zones/active-zones';
import { resolveTopicIds } from './alert-record';

export interface ZoneAudience {
  /** Every active zone in the comune's order, with the subscribers of the topics who chose it. */
  zones: { slug: string; name: string; subscribers: number }[];
  /** Subscribers of the topics who chose no zone: they get every alert, with zones or without. */
  noZone: number;
}

/**
 * "Chi lo riceverà, zona per zona" in the composer: for the chosen topics (null = all), how many
 * subscribers chose each zone and how many chose none, so the editor sees what targeting a zone
 * means before choosing it. Counted before the weekly cap (the total next to it applies the cap).
 */
export async function countAudienceByZone(ctx: AppContext, args: { actor: Actor; topics?: string[] | null }): Promise<ZoneAudience> {
  assertRole(args.actor, 'EDITOR');
  const topicIds = args.topics && args.topics.length > 0 ? await resolveTopicIds(ctx.db, args.topics) : null;
  const [zones, breakdown] = await Promise.all([activeZones(ctx.db), zoneBreakdownSql(ctx.db, { topicIds: topicIds ?? (await activeTopicIds(ctx)) })]);
  return {
    zones: zones.map((z) => ({ slug: z.slug, name: z.name, subscribers: breakdown.byZone.get(z.id) ?? 0 })),
    noZone: breakdown.noZone,
  };
}

async function activeTopicIds(ctx: AppContext): Promise<string[]> {
  return (await ctx.db.topic.findMany({ where: { active: true }, select: { id: true } })).map((t) => t.id);
}
