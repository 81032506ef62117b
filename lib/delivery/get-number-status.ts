import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { describeNumberHealth, effectiveDailyLimit, getNumberHealth, qualityHold } from './number-health';
import { QUALITY_REASON_PREFIX } from './quality-guard';

export interface NumberStatus {
  /** GREEN, YELLOW, RED, UNKNOWN or null (never read). */
  qualityRating: string | null;
  flagged: boolean;
  /** Plain Italian: quality with the time read from Meta. */
  quality: string;
  /** Plain Italian: the daily limit in use and where it comes from (Meta, or the manual setting). */
  limit: string;
  source: 'meta' | 'manual';
  /** Meta's tier (TIER_2K...), also when it is not the one in use. */
  metaTier: string | null;
  readAt: Date | null;
  /** Why the last read from Meta failed (English, for staff), null when it worked. */
  readError: string | null;
  /** Set while normal alerts are held (FLAGGED / RED): the sentence for staff. */
  hold: string | null;
  /** Alerts held by the quality guard right now. */
  heldAlerts: number;
}

/** The business number as Meta reports it, for the dashboard (home, settings). */
export async function getNumberStatus(ctx: AppContext, { actor }: { actor: Actor }): Promise<NumberStatus> {
  assertRole(actor, 'VIEWER');
  const settings = await loadSettings(ctx.db);
  const h = await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId);
  const eff = effectiveDailyLimit(h, settings.dailyRecipientLimit, ctx.now());
  const view = describeNumberHealth(h, eff);
  const heldAlerts = await ctx.db.alert.count({ where: { status: 'PAUSED', pausedReason: { startsWith: QUALITY_REASON_PREFIX } } });
  return {
    qualityRating: h?.qualityRating ?? null,
    flagged: h?.flagged ?? false,
    quality: view.quality,
    limit: view.limit,
    source: eff.source,
    metaTier: h?.messagingLimit ?? null,
    readAt: h?.readAt ?? null,
    readError: h?.readError ?? null,
    hold: qualityHold(h) ? view.hold : null,
    heldAlerts,
  };
}
