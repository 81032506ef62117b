import { describe, expect, it } from 'vitest';
import { ResultFlusher, type FlusherOptions } from './result-flusher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function flusher(opts: Partial<FlusherOptions> = {}, failures = 0) {
  const batches: number[][] = [];
  const errors: number[] = [];
  let settled = 0;
  let failing = failures;
  let gate: Promise<void> | null = null;
  let openGate = () => {};
  const f = new ResultFlusher<number>(
    {
      store: async (batch) => {
        if (gate) await gate;
        if (failing-- > 0) throw new Error('database gone');
        batches.push(batch);
      },
      settled: () => void settled++,
      onError: (_e, n) => errors.push(n),
    },
    { batchSize: 5, delayMs: 20, retryMs: 30, ...opts },
  );
  return {
    f,
    batches,
    errors,
    settled: () => settled,
    hold: () => {
      gate = new Promise((r) => (openGate = () => ((gate = null), r())));
    },
    release: () => openGate(),
  };
}

describe('result flusher', () => {
  it('writes a full batch at once', async () => {
    const t = flusher();
    for (let i = 1; i <= 5; i++) t.f.add(i);
    expect(t.f.busy).toBe(true);
    await t.f.flush();
    expect(t.batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(t.settled()).toBe(1);
  });

  it('gathers fewer results for delayMs and writes them as one batch', async () => {
    const t = flusher();
    t.f.add(1);
    t.f.add(2);
    await sleep(5);
    t.f.add(3);
    expect(t.batches).toEqual([]);
    expect(t.f.pending).toBe(3);
    await sleep(40);
    expect(t.batches).toEqual([[1, 2, 3]]);
    expect(t.f.pending).toBe(0);
  });

  it('writes one batch at a time: results arriving meanwhile form the next batch', async () => {
    const t = flusher();
    t.hold();
    for (let i = 1; i <= 5; i++) t.f.add(i);
    t.f.add(6);
    t.f.add(7);
    expect(t.f.pending).toBe(2);
    t.release();
    await t.f.drain(1000);
    expect(t.batches).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
  });

  it('puts a failed batch back in front and retries it after retryMs', async () => {
    const t = flusher({}, 1);
    t.f.add(1);
    t.f.add(2);
    const started = performance.now();
    const first = t.f.flush();
    t.f.add(3);
    await first;
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(t.errors).toEqual([2]);
    await t.f.drain(1000);
    expect(t.batches).toEqual([[1, 2, 3]]);
    expect(t.settled()).toBe(2); // after the failed write and after the stored one
  });

  it('drains everything on stop, including results queued during a write', async () => {
    const t = flusher({ delayMs: 10_000 }, 2);
    for (let i = 1; i <= 3; i++) t.f.add(i);
    await t.f.drain(5000);
    expect(t.batches.flat()).toEqual([1, 2, 3]);
    expect(t.f.pending).toBe(0);
    expect(t.f.busy).toBe(false);
    expect(t.errors).toEqual([3, 3]);
  });

  it('gives up draining after its timeout when the database stays gone', async () => {
    const t = flusher({}, Infinity);
    t.f.add(1);
    const started = performance.now();
    await t.f.drain(100);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(t.batches).toEqual([]);
    expect(t.f.pending).toBe(1);
    expect(t.errors.length).toBeGreaterThanOrEqual(2);
  });

  it('counts writes and their time for the debug log, and resets on reading', async () => {
    const t = flusher();
    t.f.add(1);
    await t.f.flush();
    t.f.add(2);
    await t.f.flush();
    const timing = t.f.takeTiming();
    expect(timing.flushes).toBe(2);
    expect(timing.flushMs).toBeGreaterThanOrEqual(0);
    expect(t.f.takeTiming()).toEqual({ flushes: 0, flushMs: 0 });
  });
});
