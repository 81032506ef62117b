import type { AppContext } from '../context';
import { DAY_MS } from './options';

/**
 * Meta's 131049 ("not delivered to maintain healthy ecosystem engagement"): Meta will refuse this
 * person again within 24 hours. The delivery that got it is FAILED with the code (a decision of
 * Meta about that person, not a failure of the service: it neither slows nor stops sending); the
 * subscriber is held until 24 h later, and any delivery claimed meanwhile is SKIPPED with reason
 * `engagement_limit` instead of being sent (claim-deliveries.ts). A later hold only extends it.
 */
export async function holdRecipients(ctx: Pick<AppContext, 'pool' | 'now'>, subscriberIds: string[]): Promise<void> {
  const until = new Date(ctx.now().getTime() + DAY_MS);
  await ctx.pool.query('UPDATE subscribers SET engagement_hold_until = GREATEST(COALESCE(engagement_hold_until, $2), $2) WHERE id = ANY($1::uuid[])', [
    subscriberIds,
    until,
  ]);
}
