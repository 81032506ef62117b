import pg from 'pg';
import type { AppContext } from '../context';
import { clientConfig } from '../db';

export interface Listener {
  /** The connection of the moment (null while reconnecting). */
  client(): pg.Client | null;
  close(): Promise<void>;
}

export interface ListenerOptions {
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * The worker's LISTEN connection. A database restart, a failover or an idle connection cut by a
 * firewall ends it; the loops would then only poll. It reconnects with backoff, LISTENs again and
 * wakes every channel once, since notifications sent while it was away are lost.
 */
export async function startListener(
  ctx: AppContext,
  databaseUrl: string,
  channels: readonly string[],
  onNotify: (channel: string) => void,
  opts: ListenerOptions = {},
): Promise<Listener> {
  const retryMs = opts.retryMs ?? 1000;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  let current: pg.Client | null = null;
  let closed = false;
  let delay = retryMs;
  let timer: NodeJS.Timeout | null = null;

  const lost = (c: pg.Client, error?: unknown) => {
    if (closed || current !== c) return;
    current = null;
    ctx.log.warn('worker listener lost, reconnecting', { error, inMs: delay });
    c.end().catch(() => {});
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      timer = null;
      open().then(
        () => {
          delay = retryMs;
          ctx.log.info('worker listener reconnected');
          for (const ch of channels) onNotify(ch);
        },
        (e: unknown) => {
          if (closed) return;
          delay = Math.min(delay * 2, maxRetryMs);
          ctx.log.warn('worker listener reconnect failed', { error: e, inMs: delay });
          schedule();
        },
      );
    }, delay);
  };
  const open = async () => {
    const c = new pg.Client(clientConfig(databaseUrl));
    c.on('notification', (n) => onNotify(n.channel));
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      for (const ch of channels) await c.query(`LISTEN ${ch}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    current = c;
  };

  await open();
  return {
    client: () => current,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = current;
      current = null;
      await c?.end();
    },
  };
}
