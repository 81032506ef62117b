import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { getNumberHealth } from '../delivery/number-health';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { waitFor } from '../delivery/testing/fixtures';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { startWorker, type Worker } from './worker';

/** A worker reads the number's quality and limit from Meta (the simulator) as soon as it starts. */
let h: SendHarness;
let worker: Worker | null = null;

beforeAll(async () => {
  h = await startSendHarness({ realClock: true });
});

afterAll(async () => {
  await worker?.stop();
  await h.close();
});

describe('the worker and the number health', () => {
  it('reads quality, limit and throughput at start-up and schedules the periodic read', { timeout: 60_000 }, async () => {
    const res = await fetch(`${h.graphUrl}/api/number`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-simulator-token': h.sim.controlToken },
      body: JSON.stringify({ messagingLimit: 'TIER_100K', throughputLevel: 'HIGH' }),
    });
    expect(res.status).toBe(200);
    await h.ctx.pool.query('DELETE FROM number_health');
    worker = await startWorker(h.ctx as AppContext, { databaseUrl: h.ctx.databaseUrl, graph: h.graph() });
    const health = await waitFor(
      () => getNumberHealth(h.ctx.pool, TEST_IDS.phoneNumberId),
      (x) => x?.readAt != null,
      20_000,
    );
    expect(health).toMatchObject({ qualityRating: 'GREEN', messagingLimit: 'TIER_100K', throughputLevel: 'HIGH', source: 'meta', readError: null });
    const schedules = await h.ctx.pool.query<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule WHERE name = 'number-health'`);
    expect(schedules.rows).toEqual([{ name: 'number-health', cron: '*/5 * * * *' }]);
  });
});
