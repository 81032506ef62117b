import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAlert, waitFor } from './testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';
import { startSendHarness, type SendHarness } from './testing/harness';
import { startSimulatorProcess, type SimulatorProcess } from './testing/simulator-process';
import { spawnWorker, type WorkerProcess } from './testing/worker-process';

/**
 * Two `npm run worker` processes plus a worker inside this process (like the web server's) share
 * a cap of 200 messages a second. The simulator, in a process of its own, timestamps every
 * accepted send: no sliding 1-second window may hold more than 210 (the cap plus 5% for loopback
 * jitter between our request start, where the bound is exact, and the simulator's clock).
 */
const CAP = 200;
const RECIPIENTS = 1200;

let h: SendHarness;
let sim: SimulatorProcess;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: CAP });
  sim = await startSimulatorProcess(h.webhookUrl);
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await sim?.stop();
  await h.close();
});

describe('the shared send rate', () => {
  it('never exceeds the cap in any 1-second window with several workers', { timeout: 90_000 }, async () => {
    const { ctx } = h;
    await seedSubscribers(ctx, { count: RECIPIENTS });
    for (let i = 0; i < 2; i++) workers.push(spawnWorker({ databaseUrl: ctx.databaseUrl, graphUrl: sim.url, dataKey: h.dataKey }));
    await Promise.all(workers.map((w) => w.ready));
    const engine = await h.startEngine({}, h.graph(5000, h.fetch, sim.url));
    const { alertId } = await publishAlert(ctx);
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      60_000,
      200,
    );

    const stats = await sim.stats();
    expect(stats.distinctRecipients).toBe(RECIPIENTS);
    expect(stats.duplicateRecipientsCount).toBe(0);
    expect(stats.maxWindow1s).toBeLessThanOrEqual(210);
    // All three took part (the work was shared, not done by one alone).
    expect(engine.stats().sent).toBeGreaterThan(0);
    expect(engine.stats().sent).toBeLessThan(RECIPIENTS);
  });
});
