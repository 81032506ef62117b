import { performance } from 'node:perf_hooks';

/**
 * Maps the database clock (the limiter's only clock) to this process's monotonic clock. Every
 * exchange with the database gives a sample: the database read its clock at some instant between
 * our send (t0) and our receipt (t1), so offset = dbMs - local lies within ±(t1 - t0)/2 of
 * dbMs - (t0 + t1)/2. The best recent sample (smallest error, allowing for drift since it was
 * taken) bounds the mapping; a slow query only yields a worse sample, it never shifts the mapping.
 */
const MAX_SAMPLES = 200;
/** Allowance for the two clocks running at different rates (NTP may slew by up to 500 ppm). */
const DRIFT_PER_MS = 5e-4;

interface Sample {
  offset: number;
  halfRtt: number;
  at: number;
}

export class DbClock {
  private samples: Sample[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records one exchange: t0/t1 local (performance.now()), dbMs the database's epoch ms. */
  sample(t0: number, t1: number, dbMs: number): void {
    this.samples.push({ offset: dbMs - (t0 + t1) / 2, halfRtt: (t1 - t0) / 2, at: t1 });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  get ready(): boolean {
    return this.samples.length > 0;
  }

  /** Local time of database instant dbMs, as [earliest, latest] possible. */
  toLocal(dbMs: number): [number, number] {
    const now = this.now();
    let best: { offset: number; error: number } | null = null;
    for (const s of this.samples) {
      const error = s.halfRtt + DRIFT_PER_MS * (now - s.at);
      if (!best || error < best.error) best = { offset: s.offset, error };
    }
    if (!best) throw new Error('database clock not sampled yet');
    const local = dbMs - best.offset;
    return [local - best.error, local + best.error];
  }
}
