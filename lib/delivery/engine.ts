import { performance } from 'node:perf_hooks';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import type { Settings } from '../settings/defaults';
import type { GraphClient } from '../whatsapp/client';
import { AlertLiveness } from './alert-liveness';
import { AlertMessages } from './alert-messages';
import { CircuitBreaker } from './circuit-breaker';
import { dailyLimitNotifier } from './daily-limit-notice';
import { claimDeliveries, type ClaimedDelivery } from './claim-deliveries';
import { ClaimLoop } from './claim-loop';
import { runHousekeeping } from './housekeeping';
import { BUFFER_SECONDS, type EngineOptions } from './options';
import { Pacer } from './pacer';
import { ensureLimiter, LimiterConnection } from './rate-limiter';
import { recordResults, type SendResult } from './record-results';
import { ResultFlusher } from './result-flusher';
import { outcomeOfError, type Outcome } from './send-outcome';
import { Signal } from './signal';
import { effectiveDailyLimit, getNumberHealth, type NumberHealth } from './number-health';

interface Entry extends ClaimedDelivery {
  /** Local time after which this claim is too old to send safely within its lease. */
  mustStartBy: number;
}

export interface EngineStats {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  uncertain: number;
  released: number;
  missedSlots: number;
  inFlight: number;
}

export interface DeliveryEngine {
  /** New work may be there (NOTIFY): look now instead of at the next poll. */
  wake(): void;
  /** Graceful: stop claiming, finish the requests in flight, store every result, give back the rest. */
  stop(): Promise<void>;
  stats(): EngineStats;
}

/** A graceful stop keeps trying to store the last results this long. */
const STOP_FLUSH_MS = 15_000;
/** A worker whose buffer is more than half full looks at it again this often. */
const CLAIM_FULL_WAIT_MS = 50;

/**
 * One worker's sender, composed of named parts (docs/delivery.md, "The engine's parts"): the claim
 * loop fills the buffer (claim-loop.ts, claim-deliveries.ts), the pacer starts sends in limiter
 * slots (pacer.ts, rate-limiter.ts), the circuit breaker holds it while Meta is unreachable
 * (circuit-breaker.ts), the flusher stores results in batches (result-flusher.ts, record-results.ts)
 * and alert liveness says which alerts may still be sent (alert-liveness.ts, housekeeping.ts). `inFlight` counts sends from the request start until their result
 * is committed: it never exceeds maxInFlight, which bounds what a SIGKILL can leave undecided.
 */
export async function startDeliveryEngine(ctx: AppContext, graph: GraphClient, opts: EngineOptions): Promise<DeliveryEngine> {
  await ensureLimiter(ctx.pool, opts.limiterKey);
  const limiter = new LimiterConnection(opts.databaseUrl);
  let settings: Settings = await loadSettings(ctx.db);
  // Meta's messaging limit (number-health.ts), refreshed with the settings by housekeeping.
  let health: NumberHealth | null = await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId);
  const buffer: Entry[] = [];
  const messages = new AlertMessages();
  const idle = new Signal();
  const stats: EngineStats = { claimed: 0, sent: 0, retried: 0, failed: 0, uncertain: 0, released: 0, missedSlots: 0, inFlight: 0 };
  let inFlight = 0;
  /** Average answer time, for the debug log. */
  let timing = { answers: 0, answerMs: 0 };
  let sending = 0;
  const log = ctx.log.child({ worker: opts.workerId });
  const bufferTarget = () => Math.min(500, Math.max(4, Math.ceil(settings.messagesPerSecond * BUFFER_SECONDS)));

  const liveness = new AlertLiveness({
    refresh: async () => {
      const r = await runHousekeeping(ctx.pool, ctx.now(), opts.outcomeWaitMs);
      settings = await loadSettings(ctx.db);
      health = await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId);
      if (r.reaped > 0) claims.wake();
      if (r.completed.length > 0) log.info('alerts sent', { alerts: r.completed });
      return r.sending;
    },
    onError: (e) => log.error('delivery housekeeping failed', { error: e }),
  });

  const pacer = new Pacer<Entry>(limiter, opts.limiterKey, opts.toleranceMs, {
    take: (n) => buffer.splice(0, n),
    giveBack: (items) => void buffer.unshift(...items),
    available: () => buffer.length,
    capacity: () => opts.maxInFlight - inFlight,
    fire: (e) => send(e),
    messagesPerSecond: () => settings.messagesPerSecond,
    onError: (e) => log.error('send limiter failed', { error: e }),
  });
  // Meta (or the network) is down: stop burning attempts; wait longer each time, up to 30 s.
  const breaker = new CircuitBreaker({
    holdUntil: (t) => pacer.holdUntil(t),
    now: () => performance.now(),
    onHold: (failures, waitMs) => log.warn('sending held after repeated failures', { failures, waitMs }),
  });

  // `counted`: the result's send was counted in inFlight, which its storing gives back.
  const flusher = new ResultFlusher<SendResult & { counted: boolean }>({
    store: async (batch) => {
      const paused = await recordResults(ctx, opts.workerId, opts.limiterKey, batch);
      liveness.paused(paused);
      inFlight -= batch.filter((r) => r.counted).length;
    },
    settled: () => {
      pacer.pump();
      idle.notify();
    },
    onError: (e, n) => log.error('storing send results failed; retrying', { error: e, results: n }),
  });

  function finish(e: Entry, outcome: SendResult['outcome'], counted: boolean): void {
    flusher.add({ id: e.id, alertId: e.alertId, subscriberId: e.subscriberId, outcome, at: ctx.now(), counted });
  }

  function send(e: Entry): void {
    // Paused, cancelled or finished since the claim (here or by another worker): give it back unsent.
    if (performance.now() > e.mustStartBy || !liveness.isSending(e.alertId)) {
      inFlight++;
      stats.released++;
      return finish(e, { kind: 'release' }, true);
    }
    const message = messages.get(e.alertId);
    inFlight++;
    if (message instanceof Error) {
      const reason = `Il messaggio dell’avviso non può essere preparato: ${message.message}`.slice(0, 500);
      return finish(e, { kind: 'pause', scope: 'alert', code: null, detail: message.message, reason }, true);
    }
    sending++;
    let to: string;
    try {
      to = ctx.cipher.decrypt(e.phoneEnc);
    } catch (err) {
      sending--;
      return finish(e, { kind: 'failed', code: null, detail: `numero illeggibile: ${(err as Error).message}` }, true);
    }
    const started = performance.now();
    graph.sendTemplate(to, message).then(
      (r) => done(e, { kind: 'sent', wamid: r.wamid }, started),
      (err: unknown) => done(e, outcomeOfError(err, e.attempts), started),
    );
  }

  function done(e: Entry, outcome: Outcome, started: number): void {
    sending--;
    timing.answers++;
    timing.answerMs += performance.now() - started;
    if (outcome.kind === 'sent') {
      stats.sent++;
      breaker.succeeded();
    } else if (outcome.kind === 'retry') {
      stats.retried++;
      if (outcome.transport) breaker.transportFailed();
    } else if (outcome.kind === 'failed') stats.failed++;
    else if (outcome.kind === 'uncertain') stats.uncertain++;
    finish(e, outcome, true);
    if (sending === 0) idle.notify();
  }

  const notifyDailyLimit = dailyLimitNotifier(ctx);
  const claims = new ClaimLoop<ClaimedDelivery>(
    {
      target: bufferTarget,
      buffered: () => buffer.length,
      claim: async (target) => {
        settings = await loadSettings(ctx.db);
        const dailyLimit = effectiveDailyLimit(health, settings.dailyRecipientLimit, ctx.now()).limit;
        const r = await claimDeliveries(ctx.pool, {
          want: target - buffer.length,
          workerId: opts.workerId,
          leaseMs: opts.leaseMs,
          dailyLimit,
          now: ctx.now(),
        });
        // The limit is used up: staff are told (once a day; a failed notice never stops sending).
        if (r.waitingAlertIds.length > 0)
          await notifyDailyLimit({ alertIds: r.waitingAlertIds, limit: dailyLimit }).catch((e: unknown) =>
            log.error('daily limit notice failed', { error: e }),
          );
        return r.claimed;
      },
      accept: async (claimed) => {
        await messages.load(
          ctx,
          claimed.map((c) => c.alertId),
          settings,
        );
        const mustStartBy = performance.now() + opts.leaseMs - opts.sendTimeoutMs - Math.min(2000, opts.leaseMs / 10);
        for (const c of claimed) {
          buffer.push({ ...c, mustStartBy });
          liveness.claimed(c.alertId);
        }
        stats.claimed += claimed.length;
        pacer.pump();
      },
      onError: (e) => log.error('claiming deliveries failed', { error: e }),
    },
    { pollMs: opts.pollMs, fullWaitMs: CLAIM_FULL_WAIT_MS },
  );

  let lastReport = { at: performance.now(), sent: 0 };
  function report(): void {
    const now = performance.now();
    if (now - lastReport.at < 5000 || stats.sent === lastReport.sent) return;
    const rate = Math.round(((stats.sent - lastReport.sent) * 1000) / (now - lastReport.at));
    const answerMs = Math.round(timing.answerMs / (timing.answers || 1));
    const flushTiming = flusher.takeTiming();
    const flushMs = Math.round(flushTiming.flushMs / (flushTiming.flushes || 1));
    const mem = process.memoryUsage();
    const heapMB = Math.round(mem.heapUsed / 1048576);
    log.debug('delivery progress', {
      ...stats,
      inFlight,
      buffered: buffer.length,
      rate,
      answerMs,
      flushMs,
      heapMB,
      rssMB: Math.round(mem.rss / 1048576),
      ...pacer.takeCounters(),
    });
    timing = { answers: 0, answerMs: 0 };
    lastReport = { at: now, sent: stats.sent };
  }

  const tick = setInterval(() => {
    report();
    liveness.refresh();
  }, opts.housekeepingMs);
  tick.unref();

  claims.start();

  return {
    wake: () => claims.wake(),
    stats: () => ({ ...stats, missedSlots: pacer.missedSlots, inFlight }),
    async stop() {
      clearInterval(tick);
      await claims.stop();
      const unsent = [...(await pacer.stop()), ...buffer.splice(0)];
      // Neither scheduled nor buffered entries were started, so none counts toward inFlight.
      for (const e of unsent) finish(e, { kind: 'release' }, false);
      stats.released += unsent.length;
      while (sending > 0) await idle.wait(100);
      // Store every result; if the database is gone for good, the leases will hand the rows over.
      await flusher.drain(STOP_FLUSH_MS);
      await liveness.settled();
      await limiter.close();
    },
  };
}
