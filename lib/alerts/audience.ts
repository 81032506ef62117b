/**
 * The four-eyes rule (setting `fourEyes`) is about who is reached, not about which box was ticked.
 * An alert "reaches everyone" — and so needs a second editor before it goes out — when ANY of:
 *
 * 1. it is addressed to every topic ("Tutti gli argomenti", `allTopics`);
 * 2. its chosen topics include every active topic (ticking them one by one is the same thing);
 * (1 and 2 only for the whole town: an alert with zones is decided by its audience alone;)
 * 3. its audience is as large as an all-topics alert's would be, and that is not empty: the ACTIVE,
 *    deliverable subscribers following at least one chosen topic are all of those following any
 *    topic (e.g. every subscriber happens to follow the one chosen topic).
 *
 * Audiences are counted before the weekly cap of normal alerts (recipients.ts: `matching`), so the
 * cap can never be what lets an alert skip the approval. The decision is taken when the alert is
 * sent, scheduled or edited while scheduled, inside the transaction that changes its status.
 */
import type { Prisma } from '../generated/prisma/client';
import { countRecipientsSql } from '../delivery/recipients';
import type { Settings } from '../settings/defaults';
import { alertTopicIds, alertZoneIds, type AlertRow } from './alert-record';

type Db = Pick<Prisma.TransactionClient, '$queryRaw' | 'topic'>;

export async function reachesEveryone(db: Db, topicIds: string[] | null, zoneIds: string[] | null = null): Promise<boolean> {
  if (topicIds === null && zoneIds === null) return true;
  const active = (await db.topic.findMany({ where: { active: true }, select: { id: true } })).map((t) => t.id);
  const chosen = new Set(topicIds ?? active);
  if (zoneIds === null && active.length > 0 && active.every((id) => chosen.has(id))) return true;
  const all = await countRecipientsSql(db, { topicIds: active });
  if (all.matching === 0) return false;
  // With zones, only the audience decides: a zone alert reaches everyone when nobody chose another zone.
  const reached = await countRecipientsSql(db, { topicIds: topicIds ?? active, zoneIds });
  return reached.matching >= all.matching;
}

/** Whether the four-eyes rule asks for a second editor on this alert now (false when the setting is off). */
export async function fourEyesApplies(db: Db, alert: AlertRow, settings: Pick<Settings, 'fourEyes'>): Promise<boolean> {
  if (!settings.fourEyes || alert.isWelcome) return false;
  return reachesEveryone(db, alertTopicIds(alert), alertZoneIds(alert));
}
