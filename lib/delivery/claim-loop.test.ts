import { describe, expect, it } from 'vitest';
import { ClaimLoop } from './claim-loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loop over a fake queue of `work` items; `buffer` is what accept() took and nobody sent yet. */
function loop(opts: { work?: number; target?: number; failFirst?: number; pollMs?: number } = {}) {
  let work = opts.work ?? 0;
  let failures = opts.failFirst ?? 0;
  const buffer: number[] = [];
  const calls = { claims: 0, wants: [] as number[], errors: 0 };
  const l = new ClaimLoop<number>(
    {
      target: () => opts.target ?? 10,
      buffered: () => buffer.length,
      claim: async (target) => {
        calls.claims++;
        await sleep(1);
        if (failures-- > 0) throw new Error('database gone');
        const n = Math.min(work, target - buffer.length);
        calls.wants.push(target - buffer.length);
        work -= n;
        return Array.from({ length: n }, (_, i) => i);
      },
      accept: async (claimed) => void buffer.push(...claimed),
      onError: () => void calls.errors++,
    },
    { pollMs: opts.pollMs ?? 10_000, fullWaitMs: 10 },
  );
  return { l, buffer, calls, addWork: (n: number) => (work += n) };
}

describe('claim loop', () => {
  it('fills the buffer up to its target, then waits while it is more than half full', async () => {
    const t = loop({ work: 100, target: 10 });
    t.l.start();
    await sleep(50);
    expect(t.buffer).toHaveLength(10);
    const claims = t.calls.claims;
    t.buffer.splice(0, 4); // 6 left: more than half full, no claim
    await sleep(40);
    expect(t.calls.claims).toBe(claims);
    t.buffer.splice(0, 1); // 5 left: half full, claims the 5 missing
    await sleep(40);
    expect(t.buffer).toHaveLength(10);
    expect(t.calls.wants.at(-1)).toBe(5);
    await t.l.stop();
  });

  it('with no work, waits pollMs before looking again, unless woken', async () => {
    const t = loop({ pollMs: 10_000 });
    t.l.start();
    await sleep(30);
    expect(t.calls.claims).toBe(1);
    t.addWork(3);
    await sleep(30);
    expect(t.calls.claims).toBe(1);
    t.l.wake();
    await sleep(30);
    expect(t.buffer).toHaveLength(3);
    await t.l.stop();
  });

  it('asks again at once while claims return work', async () => {
    const t = loop({ work: 25, target: 10, pollMs: 10_000 });
    t.l.start();
    await sleep(30);
    expect(t.buffer).toHaveLength(10);
    t.buffer.splice(0); // sent
    await sleep(30);
    t.buffer.splice(0);
    await sleep(30);
    expect(t.buffer).toHaveLength(5);
    await t.l.stop();
  });

  it('backs off for pollMs after a failed claim, then tries again', async () => {
    const t = loop({ work: 3, failFirst: 1, pollMs: 60 });
    t.l.start();
    await sleep(30);
    expect(t.calls.errors).toBe(1);
    expect(t.calls.claims).toBe(1);
    expect(t.buffer).toHaveLength(0);
    await sleep(80);
    expect(t.calls.claims).toBeGreaterThanOrEqual(2);
    expect(t.buffer).toHaveLength(3);
    await t.l.stop();
  });

  it('stops at once, even in a long poll wait, and claims nothing after', async () => {
    const t = loop({ pollMs: 60_000 });
    t.l.start();
    await sleep(20);
    const started = performance.now();
    await t.l.stop();
    expect(performance.now() - started).toBeLessThan(100);
    t.addWork(5);
    t.l.wake();
    await sleep(20);
    expect(t.calls.claims).toBe(1);
    expect(t.buffer).toHaveLength(0);
  });

  it('stop waits for the claim in progress', async () => {
    const t = loop({ work: 4 });
    t.l.start();
    await t.l.stop();
    expect(t.calls.claims).toBe(1);
    expect(t.buffer).toHaveLength(4);
  });
});
