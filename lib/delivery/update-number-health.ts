import type { AppContext } from '../context';
import type { GraphClient, PhoneNumberHealth } from '../whatsapp/client';
import { tierLimit } from '../whatsapp/limits';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { effectiveDailyLimit, getNumberHealth, qualityHold, storeNumberHealth, withNumberHealthLock, type NumberHealth } from './number-health';
import { enforceQualityGuard } from './quality-guard';

/**
 * Reads quality, limit and throughput from Meta and stores them. A GREEN or YELLOW rating clears
 * an earlier FLAGGED (Meta says the number is fine now). When Meta cannot be read the error is
 * kept (English, no personal data) and the figures stay as they were: the manual limit takes over
 * once Meta's is older than 24 hours. Never throws for Meta's sake; returns the stored health.
 */
export async function refreshNumberHealth(ctx: AppContext, graph: Pick<GraphClient, 'getPhoneNumberHealth'>): Promise<NumberHealth | null> {
  const now = ctx.now();
  // Meta is asked outside the lock (it can take seconds); what it said is stored under it.
  let read: PhoneNumberHealth | null = null;
  let error: string | null = null;
  try {
    read = await graph.getPhoneNumberHealth();
  } catch (e) {
    error = `${(e as Error)?.name ?? 'Error'}: ${String((e as Error)?.message ?? e)}`.replace(/\+?\d{6,}/g, '<digits>').slice(0, 300);
    ctx.log.warn('reading the number quality from Meta failed', { error });
  }
  const [before, after] = await withNumberHealthLock(ctx, async (db) => {
    const before = await getNumberHealth(db, ctx.whatsapp.phoneNumberId);
    if (read) {
      const h = read;
      const ok = h.qualityRating === 'GREEN' || h.qualityRating === 'YELLOW';
      await storeNumberHealth(db, ctx, {
        qualityRating: h.qualityRating,
        messagingLimit: h.messagingLimit,
        throughputLevel: h.throughputLevel,
        flagged: ok ? false : null,
        readAt: now,
        readError: null,
        source: tierLimit(h.messagingLimit ?? before?.messagingLimit) !== null ? 'meta' : 'manual',
      });
    } else {
      const stillMeta = before?.source === 'meta' && effectiveDailyLimit(before, 'unlimited', now).source === 'meta';
      await storeNumberHealth(db, ctx, { readError: error, source: stillMeta ? 'meta' : 'manual' });
    }
    return [before, await getNumberHealth(db, ctx.whatsapp.phoneNumberId)] as const;
  });
  logChange(ctx, before, after);
  await enforceQualityGuard(ctx);
  return after;
}

export type NumberHealthEvent = Extract<WebhookEvent, { kind: 'number_health' }>;

/**
 * Applies a quality / limit webhook at once. FLAGGED holds normal alerts; UNFLAGGED releases them
 * (and clears a RED rating read earlier, until the next read tells the new one); the limit it
 * carries becomes the one in use. Idempotent: applying it twice stores the same.
 */
export async function applyNumberHealthEvent(ctx: AppContext, e: NumberHealthEvent): Promise<void> {
  const [before, after] = await withNumberHealthLock(ctx, async (db) => {
    const before = await getNumberHealth(db, ctx.whatsapp.phoneNumberId);
    const at = e.timestamp ? new Date(e.timestamp) : ctx.now();
    // An older event than the one stored (Meta does not keep order) must not undo a newer one.
    const stale = !!before?.lastEventAt && at.getTime() < before.lastEventAt.getTime();
    const flagged = stale ? null : e.event === 'FLAGGED' ? true : e.event === 'UNFLAGGED' ? false : null;
    await storeNumberHealth(db, ctx, {
      ...(e.event === 'UNFLAGGED' && !stale && before?.qualityRating === 'RED' ? { qualityRating: null } : {}),
      messagingLimit: stale ? null : e.limit,
      flagged,
      ...(e.event && !stale ? { lastEvent: e.event, lastEventAt: at } : {}),
      ...(e.limit && !stale ? { readAt: ctx.now() } : {}),
      readError: before?.readError ?? null,
      source: tierLimit(e.limit ?? before?.messagingLimit) !== null && (e.limit || before?.source === 'meta') ? 'meta' : (before?.source ?? 'manual'),
    });
    return [before, await getNumberHealth(db, ctx.whatsapp.phoneNumberId)] as const;
  });
  logChange(ctx, before, after, e.event ?? e.field);
  await enforceQualityGuard(ctx);
}

function logChange(ctx: AppContext, before: NumberHealth | null, after: NumberHealth | null, event?: string): void {
  if (!after) return;
  const changed =
    before?.qualityRating !== after.qualityRating || before?.messagingLimit !== after.messagingLimit || before?.flagged !== after.flagged || !!event;
  if (!changed) return;
  const fields = { quality: after.qualityRating, limit: after.messagingLimit, flagged: after.flagged, source: after.source, ...(event ? { event } : {}) };
  if (qualityHold(after)) ctx.log.warn('number quality: normal alerts held', fields);
  else ctx.log.info('number health', fields);
}
