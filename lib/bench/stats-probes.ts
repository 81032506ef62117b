import { performance } from 'node:perf_hooks';
import { getLaunchProgress } from '../stats/get-launch-progress';
import type { Actor } from '../access/roles';
import type { AppContext } from '../context';
import { searchSubscribers, subscriberSearchSchema } from '../subscribers/search-subscribers';
import { readStateCounters } from '../stats/counters';
import { getDailySeries } from '../stats/get-daily-series';
import { getStatsOverview } from '../stats/get-stats-overview';
import { addDays, romeDay } from '../time/rome-days';
import { buildSeries } from '../stats/series';

/**
 * What `npm run bench:stats` times. `dashboard` probes are what the pages and the API run (each
 * must stay within the target); `reference` probes are the direct queries the rollup replaces,
 * printed to show why it exists.
 */
export interface Probe {
  name: string;
  kind: 'dashboard' | 'reference';
  run(): Promise<unknown>;
}

export const SEARCH_NUMBER = '+393471112233';

export function statsProbes(ctx: AppContext, actor: Actor, now: Date): Probe[] {
  const today = romeDay(now);
  const list = (q: Record<string, string>) => () => searchSubscribers(ctx, { actor, ...subscriberSearchSchema.parse(q) });
  const sql =
    (text: string, params: unknown[] = []) =>
    () =>
      ctx.pool.query(text, params);
  const d = (name: string, run: () => Promise<unknown>): Probe => ({ name, kind: 'dashboard', run });
  const r = (name: string, run: () => Promise<unknown>): Probe => ({ name, kind: 'reference', run });
  return [
    d('counts by status, source, topic (rollup)', () => readStateCounters(ctx.pool)),
    d('series 30 days (opt-ins/outs, active, sent)', () => buildSeries(ctx.pool, { from: addDays(today, -29), to: today, activeNow: 0 })),
    d('series 90 days', () => buildSeries(ctx.pool, { from: addDays(today, -89), to: today, activeNow: 0 })),
    d('launch progress (getLaunchProgress)', () => getLaunchProgress(ctx, { actor })),
    d('Panoramica: getStatsOverview (30 days)', () => getStatsOverview(ctx, { actor, now, days: 30 })),
    d('Statistiche: getStatsOverview (90 days)', () => getStatsOverview(ctx, { actor, now, days: 90 })),
    d('API: getDailySeries (365 days)', () => getDailySeries(ctx, { from: addDays(today, -364), to: today, now })),
    d('Iscritti: search by number (HMAC)', list({ numero: '347 111 2233' })),
    d('Iscritti: first page, no filter', list({})),
    d('Iscritti: status PENDING', list({ stato: 'PENDING' })),
    d('Iscritti: status UNSUBSCRIBED, page 3', list({ stato: 'UNSUBSCRIBED', pagina: '3' })),
    d('Iscritti: topic "scuole" + source IMPORT', list({ argomento: 'scuole', canale: 'IMPORT' })),
    d('Iscritti: page 40', list({ pagina: '40' })),
    r('count(*) by status (index-only scan)', sql(`SELECT status, count(*) FROM subscribers GROUP BY status`)),
    r(
      'active per topic (join)',
      sql(`SELECT st.topic_id, count(*) FROM subscriber_topics st JOIN subscribers s ON s.id = st.subscriber_id
                                       WHERE s.status = 'ACTIVE' GROUP BY st.topic_id`),
    ),
    r(
      'opt-ins/outs per Rome day, 90 days (ledger)',
      sql(
        `SELECT (created_at AT TIME ZONE 'Europe/Rome')::date, action, count(*) FROM consent_events
                                                          WHERE created_at >= $1 AND action IN ('OPT_IN', 'OPT_OUT') GROUP BY 1, 2`,
        [new Date(now.getTime() - 90 * 86_400_000)],
      ),
    ),
    r('messages sent in 7 days (deliveries)', sql(`SELECT count(*) FROM deliveries WHERE sent_at >= $1`, [new Date(now.getTime() - 7 * 86_400_000)])),
  ];
}

export interface Timing {
  probe: Probe;
  p50: number;
  max: number;
}

/** One warm-up run, then `runs` timed runs in turn (round robin, so a slow moment hits all alike). */
export async function timeProbes(probes: Probe[], runs: number): Promise<Timing[]> {
  const samples = probes.map(() => [] as number[]);
  for (const p of probes) await p.run();
  for (let i = 0; i < runs; i++) {
    for (const [k, p] of probes.entries()) {
      if (p.kind === 'reference' && i >= 3) continue;
      const t = performance.now();
      await p.run();
      samples[k]!.push(performance.now() - t);
    }
  }
  return probes.map((probe, k) => {
    const s = samples[k]!.sort((a, b) => a - b);
    return { probe, p50: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
  });
}

/**
 * Live traffic through the triggers, so the rollup holds what it holds between two compactions:
 * sign-ups (subscriber + topics + ledger, one statement each, as the app does) and opt-outs.
 */
export async function liveChanges(ctx: AppContext, a: { signUps: number; optOuts: number; now: Date; first: number }): Promise<void> {
  const now = a.now;
  for (let i = a.first; i < a.first + a.signUps; i++) {
    const { rows } = await ctx.pool.query<{ id: string; h: string }>(
      `INSERT INTO subscribers (phone_hmac, status, source, updated_at, confirmed_at, created_at)
       VALUES (encode(sha256(('live:' || $1::text)::bytea), 'hex'), 'ACTIVE', 'WHATSAPP', $2, $2, $2) RETURNING id::text, phone_hmac AS h`,
      [i, now],
    );
    await ctx.pool.query(`INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT $1::uuid, id FROM topics WHERE slug IN ('viabilita', 'urgenze')`, [
      rows[0]!.id,
    ]);
    await ctx.pool.query(`INSERT INTO consent_events (phone_hmac, action, channel, created_at) VALUES ($1, 'OPT_IN', 'WHATSAPP', $2)`, [rows[0]!.h, now]);
  }
  const { rows } = await ctx.pool.query<{ id: string; h: string }>(
    `SELECT id::text, phone_hmac AS h FROM subscribers WHERE status = 'ACTIVE' AND created_at < $1 LIMIT $2`,
    [new Date(now.getTime() - 86_400_000), a.optOuts],
  );
  for (const s of rows) {
    await ctx.pool.query('DELETE FROM subscriber_topics WHERE subscriber_id = $1::uuid', [s.id]);
    await ctx.pool.query(`UPDATE subscribers SET status = 'UNSUBSCRIBED', phone_enc = NULL, unsubscribed_at = $2 WHERE id = $1::uuid`, [s.id, now]);
    await ctx.pool.query(`INSERT INTO consent_events (phone_hmac, action, channel, created_at) VALUES ($1, 'OPT_OUT', 'WHATSAPP', $2)`, [s.h, now]);
  }
}

/**
 * What the rollup triggers on deliveries' updates cost the sender (the `sent` statistics and the
 * alerts' progress counts, lib/delivery/progress.ts): batches claimed (QUEUED -> SENDING) and
 * recorded (SENDING -> SENT with sent_at) as lib/delivery does, the triggers switched on and off
 * batch by batch so both sides see the same machine. Returns the median milliseconds of one
 * claim + record cycle per 1,000 deliveries, with and without the triggers.
 */
export async function deliveryTriggerCost(ctx: AppContext, rows: number, batch: number, now: Date): Promise<{ withTrigger: number; without: number }> {
  const { rows: a } = await ctx.pool.query<{ id: string }>(
    `INSERT INTO alerts (title, body, status, all_topics, published_at, template_name, template_language, updated_at)
     VALUES ('Prova costo trigger', 'Testo', 'SENDING', true, $1, 'avviso_comune', 'it', $1) RETURNING id::text`,
    [now],
  );
  const alertId = a[0]!.id;
  await ctx.pool.query(
    `INSERT INTO deliveries (alert_id, subscriber_id, available_at, updated_at)
     SELECT $1::uuid, id, $2, $2 FROM subscribers WHERE status = 'ACTIVE' LIMIT $3`,
    [alertId, now, rows],
  );
  await ctx.pool.query('ANALYZE deliveries');
  const cycle = async (): Promise<number> => {
    const t = performance.now();
    const { rows: claimed } = await ctx.pool.query<{ id: string }>(
      `UPDATE deliveries SET status = 'SENDING', attempts = attempts + 1, locked_until = now() + interval '30 seconds', claimed_by = 'bench'
        WHERE id IN (SELECT id FROM deliveries WHERE alert_id = $1::uuid AND status = 'QUEUED' ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id::text`,
      [alertId, batch],
    );
    await ctx.pool.query(
      `UPDATE deliveries d SET status = 'SENT', wamid_hmac = md5('wamid.cost.' || d.id), sent_at = now(), locked_until = NULL, claimed_by = NULL, updated_at = now()
         FROM unnest($1::bigint[]) AS u(id) WHERE d.id = u.id`,
      [claimed.map((c) => c.id)],
    );
    return ((performance.now() - t) / batch) * 1000;
  };
  const toggle = async (on: boolean) => {
    for (const t of ['stats_deliveries_update', 'delivery_counts_update'])
      await ctx.pool.query(`ALTER TABLE deliveries ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`);
  };
  const samples = { on: [] as number[], off: [] as number[] };
  try {
    for (let i = 0; i < Math.floor(rows / batch); i++) {
      const on = i % 2 === 0;
      await toggle(on);
      samples[on ? 'on' : 'off'].push(await cycle());
    }
  } finally {
    await toggle(true);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  return { withTrigger: median(samples.on), without: median(samples.off) };
}
