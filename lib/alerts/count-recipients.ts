import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { resolveZoneIds } from '../zones/active-zones';
import { notFound, resolveTopicIds } from './alert-record';
import { isUuid } from '../ids';
import { countRecipientsSql, WEEK_MS, type RecipientCount } from '../delivery/recipients';

export type CountRecipientsInput =
  /** For the compose form: topic slugs (null/undefined = every topic) and urgency. */
  | { actor: Actor; topics?: string[] | null; zones?: string[] | null; urgency: 'normal' | 'urgent' }
  /** For the confirmation of a saved alert. */
  | { actor: Actor; alertId: string };

/**
 * "Who will receive this": the exact number of ACTIVE subscribers of the chosen topics (and zones:
 * those who chose one of them or none), minus —
 * for a normal alert — those who already got the weekly cap of normal alerts. The same SQL the
 * publishing insert uses (recipients.ts). Sub-second at a million subscribers with the indexes on
 * subscribers(status) and subscriber_topics(topic_id).
 */
export async function countRecipients(ctx: AppContext, args: CountRecipientsInput): Promise<RecipientCount> {
  assertRole(args.actor, 'EDITOR');
  let topicIds: string[] | null;
  let zoneIds: string[] | null;
  let urgent: boolean;
  if ('alertId' in args) {
    if (!isUuid(args.alertId)) throw notFound();
    const alert = await ctx.db.alert.findUnique({ where: { id: args.alertId }, include: { topics: true, zones: true } });
    if (!alert) throw notFound();
    urgent = alert.urgency === 'URGENT' || alert.isWelcome;
    topicIds = alert.isWelcome ? null : alert.allTopics ? await allActiveTopicIds(ctx) : alert.topics.map((t) => t.topicId);
    zoneIds = alert.isWelcome || alert.zones.length === 0 ? null : alert.zones.map((z) => z.zoneId);
  } else {
    urgent = args.urgency === 'urgent';
    topicIds = args.topics && args.topics.length > 0 ? await resolveTopicIds(ctx.db, args.topics) : await allActiveTopicIds(ctx);
    zoneIds = await resolveZoneIds(ctx.db, args.zones);
  }
  const settings = await loadSettings(ctx.db);
  const since = new Date(ctx.now().getTime() - WEEK_MS);
  return countRecipientsSql(ctx.db, { topicIds, zoneIds, excludeOverWeeklyCap: urgent ? null : { cap: settings.weeklyNormalCap, since } });
}

async function allActiveTopicIds(ctx: AppContext): Promise<string[]> {
  return (await ctx.db.topic.findMany({ where: { active: true }, select: { id: true } })).map((t) => t.id);
}
