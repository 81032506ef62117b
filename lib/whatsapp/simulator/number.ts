/**
 * The business number's health as Meta reports it: quality rating, portfolio messaging limit and
 * throughput. Served on GET /<version>/<phone-number-id>?fields=... (graph.ts); changed through
 * the control API (POST /api/number), which posts `phone_number_quality_update` like Meta.
 */
import { MESSAGING_TIERS } from '../limits';

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
export type QualityEvent = 'FLAGGED' | 'UNFLAGGED' | 'DOWNGRADE' | 'UPGRADE';

export interface SimNumber {
  qualityRating: QualityRating;
  /** TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED. */
  messagingLimit: string;
  throughputLevel: 'STANDARD' | 'HIGH';
}

/** Unlimited by default, so that tests and benchmarks are not held by a limit they did not ask for. */
export const DEFAULT_NUMBER: SimNumber = { qualityRating: 'GREEN', messagingLimit: 'TIER_UNLIMITED', throughputLevel: 'STANDARD' };

const QUALITIES = new Set<string>(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);
const EVENTS = new Set<string>(['FLAGGED', 'UNFLAGGED', 'DOWNGRADE', 'UPGRADE']);
/** The tiers Meta uses today (older TIER_50 / TIER_1K are only read, never served). */
export const CURRENT_TIERS = ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;

export class NumberError extends Error {}

const rank = (tier: string) => {
  const v = MESSAGING_TIERS[tier];
  return v === 'unlimited' ? Infinity : (v ?? 0);
};

export interface NumberChange {
  next: SimNumber;
  /** The phone_number_quality_update value to post, or null when nothing Meta would announce changed. */
  webhook: Record<string, unknown> | null;
}

/**
 * Applies `{qualityRating?, messagingLimit?, throughputLevel?, event?}`. Without an explicit event
 * it is derived as Meta would: a drop to RED is FLAGGED, leaving RED is UNFLAGGED, a higher limit is
 * UPGRADE, a lower one DOWNGRADE. FLAGGED alone makes the rating RED, UNFLAGGED alone GREEN.
 */
export function changeNumber(current: SimNumber, patch: unknown, displayPhoneNumber: string): NumberChange {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new NumberError('body must be an object');
  const p = patch as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (!['qualityRating', 'messagingLimit', 'throughputLevel', 'event'].includes(k)) throw new NumberError(`unknown field ${k}`);
  }
  if (p.qualityRating !== undefined && !QUALITIES.has(String(p.qualityRating))) throw new NumberError('qualityRating must be GREEN, YELLOW, RED or UNKNOWN');
  if (p.messagingLimit !== undefined && !(CURRENT_TIERS as readonly string[]).includes(String(p.messagingLimit))) {
    throw new NumberError(`messagingLimit must be one of ${CURRENT_TIERS.join(', ')}`);
  }
  if (p.throughputLevel !== undefined && p.throughputLevel !== 'STANDARD' && p.throughputLevel !== 'HIGH')
    throw new NumberError('throughputLevel must be STANDARD or HIGH');
  if (p.event !== undefined && !EVENTS.has(String(p.event))) throw new NumberError('event must be FLAGGED, UNFLAGGED, DOWNGRADE or UPGRADE');
  let event = p.event as QualityEvent | undefined;
  const next: SimNumber = { ...current };
  if (p.qualityRating !== undefined) next.qualityRating = p.qualityRating as QualityRating;
  else if (event === 'FLAGGED') next.qualityRating = 'RED';
  else if (event === 'UNFLAGGED') next.qualityRating = 'GREEN';
  if (p.messagingLimit !== undefined) next.messagingLimit = String(p.messagingLimit);
  if (p.throughputLevel !== undefined) next.throughputLevel = p.throughputLevel as SimNumber['throughputLevel'];
  if (!event) {
    if (next.qualityRating === 'RED' && current.qualityRating !== 'RED') event = 'FLAGGED';
    else if (current.qualityRating === 'RED' && next.qualityRating !== 'RED') event = 'UNFLAGGED';
    else if (rank(next.messagingLimit) > rank(current.messagingLimit)) event = 'UPGRADE';
    else if (rank(next.messagingLimit) < rank(current.messagingLimit)) event = 'DOWNGRADE';
  }
  if (!event) return { next, webhook: null };
  const webhook: Record<string, unknown> = { display_phone_number: displayPhoneNumber, event };
  if (next.messagingLimit !== current.messagingLimit) webhook.old_limit = current.messagingLimit;
  // current_limit is deprecated in favour of max_daily_conversations_per_business; Meta sent both for a while.
  webhook.current_limit = next.messagingLimit;
  webhook.max_daily_conversations_per_business = next.messagingLimit;
  return { next, webhook };
}

/** The GET answer: only the fields asked for (like Graph), plus the id. */
export function numberFields(n: SimNumber, ids: { phoneNumberId: string; displayPhoneNumber: string }, fields: string | null): Record<string, unknown> {
  const all: Record<string, unknown> = {
    quality_rating: n.qualityRating,
    whatsapp_business_manager_messaging_limit: n.messagingLimit,
    messaging_limit_tier: n.messagingLimit,
    throughput: { level: n.throughputLevel },
    display_phone_number: ids.displayPhoneNumber,
    verified_name: 'Comune',
  };
  const wanted = (fields ?? 'display_phone_number,verified_name,quality_rating')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const out: Record<string, unknown> = {};
  for (const f of wanted) if (f in all) out[f] = all[f];
  out.id = ids.phoneNumberId;
  return out;
}
