import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { waitFor } from '../delivery/testing/fixtures';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { loadSettings, setSetting } from '../settings/store';
import { lockAlert, TX_OPTIONS } from './alert-record';
import { createAlert } from './create-alert';
import { publishLocked } from './publish-alert';
import { FIRST_BATCH } from './continue-publishing';
import { approveTemplates, composeInput, launch, newTopic } from './test-fixtures';

/**
 * A publisher process killed with SIGKILL in the middle of a streaming publication while a real
 * worker process (`lib/worker/main.ts`) is already sending its first batches to the simulator:
 * the worker takes the publication over once it stalls, and every recipient gets the alert once.
 */
const RECIPIENTS = 4000;

let h: SendHarness;
let worker: WorkerProcess | null = null;

beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: 1000, knobs: { statusDelaysMs: { sent: 5, delivered: 600_000, read: 600_000 } } });
  // The simulator knows Banditore's alert template as avviso_comune.
  await setSetting(h.ctx.db, 'alertTemplateName', 'avviso_comune');
  await setSetting(h.ctx.db, 'alertTemplateLanguage', 'it');
  await approveTemplates(h.ctx);
  await launch(h.ctx);
});

afterAll(async () => {
  worker?.kill('SIGKILL');
  await h.close();
});

describe('a publisher killed mid-publish', () => {
  it('is resumed by a worker: nobody lost, nobody sent twice, the count exact', { timeout: 120_000 }, async () => {
    const { ctx, sim } = h;
    const editor = await staffActor(ctx, 'EDITOR');
    const topic = await newTopic(ctx);
    await seedSubscribers(ctx, { count: RECIPIENTS, topicSlug: topic.slug });
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug], urgency: 'urgent', urgentReason: 'Frana' }) });
    worker = spawnWorker({ databaseUrl: ctx.databaseUrl, graphUrl: h.graphUrl, dataKey: h.dataKey });
    await worker.ready;

    // The send decision commits the first batch; the worker starts on it.
    const settings = await loadSettings(ctx.db, { fresh: true });
    const r = await ctx.db.$transaction(
      async (tx) => publishLocked(ctx, tx, await lockAlert(tx, id), { actor: editor, settings, trigger: 'send_now' }),
      TX_OPTIONS,
    );
    expect(r.recipients).toBe(FIRST_BATCH);

    // The rest is queued by a process of its own, killed after a few batches at an arbitrary moment.
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('lib/alerts/testing/publish-child.ts'), ctx.databaseUrl, id, '200'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if ((out.match(/BATCH/g) ?? []).length >= 3) resolve();
      });
      child.once('exit', () => reject(new Error(`publisher ended before being killed: ${out}`)));
    });
    await new Promise((res) => setTimeout(res, Math.random() * 30));
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    const mid = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(mid.publishPendingSince).not.toBeNull();
    expect(mid.recipientCount).toBeLessThan(RECIPIENTS);
    // Sending did not wait for the publication.
    expect(sim.stats().acceptedSends).toBeGreaterThan(0);

    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id } }),
      (a) => a.status === 'SENT',
      90_000,
      200,
    );
    const done = await ctx.db.alert.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ recipientCount: RECIPIENTS, publishPendingSince: null });
    const stats = sim.stats();
    expect(stats.distinctRecipients).toBe(RECIPIENTS);
    expect(stats.acceptedSends).toBe(RECIPIENTS);
    const { rows } = await ctx.pool.query<{ total: number; distinct: number; unsent: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT subscriber_id)::int AS distinct,
              count(*) FILTER (WHERE status IN ('QUEUED', 'SENDING'))::int AS unsent
         FROM deliveries WHERE alert_id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ total: RECIPIENTS, distinct: RECIPIENTS, unsent: 0 });
  });
});
