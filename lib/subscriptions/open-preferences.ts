import type { AppContext } from '../context';
import { verifyPreferenceToken } from './preference-link';
import { preferencesOf, type PreferencesView } from './preferences-view';

/**
 * The preferences page opened from its link: the person's topics and zones, or null when the link
 * is malformed, forged, expired, already used or replaced, or the person has left. Null says
 * nothing about which: someone who opens an old link learns nothing.
 */
export async function openPreferences(ctx: AppContext, token: unknown): Promise<PreferencesView | null> {
  const hash = verifyPreferenceToken(ctx, token);
  if (!hash) return null;
  const link = await ctx.db.preferenceLink.findUnique({
    where: { tokenHash: hash },
    select: { subscriberId: true, expiresAt: true, usedAt: true, subscriber: { select: { status: true } } },
  });
  if (!link || link.usedAt || link.expiresAt <= ctx.now() || link.subscriber.status !== 'ACTIVE') return null;
  return preferencesOf(ctx.db, link.subscriberId);
}
