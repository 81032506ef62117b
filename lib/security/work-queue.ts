/**
 * A tiny in-process limiter for CPU-heavy work (argon2): at most `concurrency` jobs run at once,
 * at most `maxWaiting` wait for a place, and the next one is refused at once (QueueFullError)
 * instead of piling up. A burst of logins then costs a bounded amount of CPU and memory, and the
 * same process keeps answering the webhook. p-limit and friends queue without a bound, hence this.
 */
export class QueueFullError extends Error {
  constructor(readonly queue: string) {
    super(`${queue}: too many jobs waiting`);
    this.name = 'QueueFullError';
  }
}

export interface WorkQueue {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Running and waiting jobs right now (for tests and logs). */
  stats(): { running: number; waiting: number; rejected: number };
}

export function createWorkQueue(name: string, opts: { concurrency: number; maxWaiting: number }): WorkQueue {
  let running = 0;
  let rejected = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running -= 1;
    const wake = waiting.shift();
    if (wake) {
      running += 1;
      wake();
    }
  };
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running >= opts.concurrency) {
        if (waiting.length >= opts.maxWaiting) {
          rejected += 1;
          throw new QueueFullError(name);
        }
        // The place is handed over by `next` (running stays counted), so no job can jump the queue.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await job();
      } finally {
        next();
      }
    },
    stats: () => ({ running, waiting: waiting.length, rejected }),
  };
}
