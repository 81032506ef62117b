import { describe, expect, it } from 'vitest';
import { BREAKER_THRESHOLD, CircuitBreaker } from './circuit-breaker';

function breaker() {
  let now = 1000;
  const holds: number[] = [];
  const logged: [number, number][] = [];
  const b = new CircuitBreaker({ holdUntil: (t) => holds.push(t), now: () => now, onHold: (f, w) => logged.push([f, w]) });
  return { b, holds, logged, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold of transport failures in a row', () => {
    const { b, holds } = breaker();
    for (let i = 1; i < BREAKER_THRESHOLD; i++) expect(b.transportFailed()).toBeNull();
    expect(b.consecutiveFailures).toBe(BREAKER_THRESHOLD - 1);
    expect(holds).toEqual([]);
  });

  it('holds sending at the threshold and doubles the hold on every further failure, up to 30 s', () => {
    const { b, holds, logged } = breaker();
    for (let i = 1; i < BREAKER_THRESHOLD; i++) b.transportFailed();
    const waits = Array.from({ length: 9 }, () => b.transportFailed());
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(holds).toEqual(waits.map((w) => 1000 + (w ?? 0)));
    expect(logged[0]).toEqual([BREAKER_THRESHOLD, 500]);
    expect(logged.at(-1)).toEqual([BREAKER_THRESHOLD + 8, 30_000]);
  });

  it('holds from the current clock', () => {
    const { b, holds, advance } = breaker();
    for (let i = 1; i < BREAKER_THRESHOLD; i++) b.transportFailed();
    advance(250);
    b.transportFailed();
    expect(holds).toEqual([1750]);
  });

  it('closes again after one success: the count starts over', () => {
    const { b, holds } = breaker();
    for (let i = 0; i < BREAKER_THRESHOLD + 2; i++) b.transportFailed();
    expect(holds).toHaveLength(3);
    b.succeeded();
    expect(b.consecutiveFailures).toBe(0);
    for (let i = 1; i < BREAKER_THRESHOLD; i++) expect(b.transportFailed()).toBeNull();
    expect(b.transportFailed()).toBe(500);
    expect(holds).toHaveLength(4);
  });

  it('honours a custom threshold', () => {
    const holds: number[] = [];
    const b = new CircuitBreaker({ holdUntil: (t) => holds.push(t), now: () => 0 }, 2);
    expect(b.transportFailed()).toBeNull();
    expect(b.transportFailed()).toBe(500);
    expect(holds).toEqual([500]);
  });
});
