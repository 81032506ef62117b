import type { Prisma } from '../generated/prisma/client';
import { activeZones } from '../zones/active-zones';

type Db = Pick<Prisma.TransactionClient, 'topic' | 'zone' | 'subscriberTopic' | 'subscriberZone'>;

/** What the preferences page shows: the choices and which are the person's. Never a name or a number. */
export interface PreferencesView {
  topics: { slug: string; name: string; description: string; chosen: boolean }[];
  zones: { slug: string; name: string; description: string; kind: 'QUARTIERE' | 'FRAZIONE'; chosen: boolean }[];
}

export async function preferencesOf(db: Db, subscriberId: string): Promise<PreferencesView> {
  const [topics, zones, myTopics, myZones] = await Promise.all([
    db.topic.findMany({
      where: { active: true },
      orderBy: [{ position: 'asc' }, { name: 'asc' }],
      select: { id: true, slug: true, name: true, description: true },
    }),
    activeZones(db),
    db.subscriberTopic.findMany({ where: { subscriberId }, select: { topicId: true } }),
    db.subscriberZone.findMany({ where: { subscriberId }, select: { zoneId: true } }),
  ]);
  const t = new Set(myTopics.map((x) => x.topicId));
  const z = new Set(myZones.map((x) => x.zoneId));
  return {
    topics: topics.map(({ id, slug, name, description }) => ({ slug, name, description, chosen: t.has(id) })),
    zones: zones.map(({ id, slug, name, description, kind }) => ({ slug, name, description, kind, chosen: z.has(id) })),
  };
}
