import { performance } from 'node:perf_hooks';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import type { GraphClient } from '../whatsapp/client';
import { slotInterval, type LimiterConnection } from './rate-limiter';

/**
 * Meta's throughput limit counts every message of the number, not only alerts: replies and test
 * sends (the outbox) take their slot in the same shared limiter, one at a time. Low volume, so a
 * reservation per message is fine.
 */
export function rateLimitedGraph(ctx: Pick<AppContext, 'db'>, graph: GraphClient, limiter: LimiterConnection, key: string, toleranceMs: number): GraphClient {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  async function acquire(): Promise<void> {
    for (;;) {
      const mps = (await loadSettings(ctx.db)).messagesPerSecond;
      const r = await limiter.reserve(key, 1, slotInterval(mps, toleranceMs), toleranceMs);
      if (!r.granted) {
        await sleep(r.retryInMs);
        continue;
      }
      const slot = r.slots[0]!;
      while (performance.now() < slot.notBefore) await sleep(Math.ceil(slot.notBefore - performance.now()));
      // Late beyond the tolerance: the slot is given up, as the alert sender does.
      if (performance.now() <= slot.deadline) return;
    }
  }
  const gated =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      await acquire();
      return f(...a);
    };
  return {
    ...graph,
    sendText: gated(graph.sendText),
    sendTemplate: gated(graph.sendTemplate),
    sendInteractiveList: gated(graph.sendInteractiveList),
    sendInteractiveButtons: gated(graph.sendInteractiveButtons),
  };
}
