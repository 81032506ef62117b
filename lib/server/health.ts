import type { AppContext } from '../context';

export interface Health {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  whatsapp: 'meta' | 'simulator';
  /** Webhook events waiting to be processed: a growing number means the worker is not running. */
  inboundBacklog: number | null;
}

export async function checkHealth(ctx: AppContext, timeoutMs = 2000): Promise<Health> {
  try {
    const query = ctx.pool.query<{ backlog: number }>('SELECT count(*)::int AS backlog FROM inbound_events WHERE processed_at IS NULL AND parked_at IS NULL');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref());
    const { rows } = await Promise.race([query, timeout]);
    return { status: 'ok', database: 'up', whatsapp: ctx.whatsapp.mode, inboundBacklog: rows[0]?.backlog ?? 0 };
  } catch {
    return { status: 'degraded', database: 'down', whatsapp: ctx.whatsapp.mode, inboundBacklog: null };
  }
}
