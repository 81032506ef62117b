/**
 * Posts signed webhooks to the app, like Meta: raw JSON bytes signed with the App Secret,
 * retried with growing delays when the app answers non-2xx or is down. Never throws: a down app
 * must not take the simulator (or the app process it is mounted in) with it.
 */
import http from 'node:http';
import https from 'node:https';
import { SIGNATURE_HEADER, signPayload } from '../signature';
import { metaStringify } from './meta-json';
import type { SimStats, SimulatorKnobs } from './types';

interface Job {
  body: string;
  signature: string;
  attempt: number;
  onFirst?: (status: number) => void;
}

const MAX_QUEUED = 100_000;

/** Array-backed FIFO: shift() on a long array is O(n), and the queue can be long when the app is slow. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

export class WebhookEmitter {
  private readonly url: URL;
  private readonly target: http.RequestOptions;
  private readonly agent: http.Agent;
  private readonly queue = new Fifo<Job>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: (() => void)[] = [];
  private inFlight = 0;
  private closed = false;
  private closing = false;
  readonly counts = { posted: 0, failed: 0, retried: 0, gaveUp: 0, dropped: 0 };

  constructor(
    url: string,
    private readonly appSecret: string,
    private readonly knobs: () => SimulatorKnobs,
  ) {
    this.url = new URL(url);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 256 });
    // Parsed once: converting the URL on every POST shows up in profiles at thousands of POSTs/s.
    this.target = {
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || undefined,
      path: this.url.pathname + this.url.search,
      method: 'POST',
      agent: this.agent,
    };
  }

  /** Queues one webhook; resolves with the app's HTTP status for the first attempt (0 = unreachable). */
  send(payload: unknown): Promise<number> {
    const body = metaStringify(payload);
    return new Promise((resolve) => {
      if (this.closing) return resolve(0);
      if (this.queue.length >= MAX_QUEUED) {
        this.counts.dropped++;
        return resolve(0);
      }
      this.queue.push({ body, signature: signPayload(body, this.appSecret), attempt: 1, onFirst: resolve });
      this.pump();
    });
  }

  resetCounts(): void {
    Object.assign(this.counts, { posted: 0, failed: 0, retried: 0, gaveUp: 0, dropped: 0 });
  }

  snapshot(): SimStats['webhooks'] {
    return { ...this.counts, inFlight: this.inFlight, queued: this.queue.length };
  }

  /** Resolves when nothing is queued or in flight (retries still scheduled do not count). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Lets what is already queued go out (up to 2 s), cancels retries, then frees the sockets. */
  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.closed = true;
    this.queue.clear();
    this.agent.destroy();
  }

  private pump(): void {
    const limit = Math.max(1, this.knobs().webhookConcurrency);
    while (!this.closed && this.inFlight < limit && this.queue.length > 0) {
      const job = this.queue.shift();
      if (!job) break;
      this.inFlight++;
      this.attempt(job, (status) => {
        this.inFlight--;
        this.settle(job, status);
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((fn) => fn());
      });
    }
  }

  private settle(job: Job, status: number): void {
    job.onFirst?.(status);
    job.onFirst = undefined;
    if (status >= 200 && status < 300) {
      this.counts.posted++;
      return;
    }
    this.counts.failed++;
    const { webhookMaxAttempts, webhookRetryBaseMs } = this.knobs();
    if (this.closing || job.attempt >= webhookMaxAttempts) {
      this.counts.gaveUp++;
      return;
    }
    this.counts.retried++;
    const delay = webhookRetryBaseMs * 4 ** (job.attempt - 1);
    job.attempt++;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.queue.push(job);
      this.pump();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private attempt(job: Job, done: (status: number) => void): void {
    let finished = false;
    const finish = (status: number) => {
      if (!finished) {
        finished = true;
        done(status);
      }
    };
    const request = this.url.protocol === 'https:' ? https.request : http.request;
    const req = request({
      ...this.target,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(job.body),
        'user-agent': 'facebookexternalua',
        [SIGNATURE_HEADER]: job.signature,
      },
    });
    req.setTimeout(this.knobs().webhookTimeoutMs, () => req.destroy(new Error('webhook timeout')));
    req.on('response', (res) => {
      res.on('error', () => finish(0));
      res.on('end', () => finish(res.statusCode ?? 0));
      res.on('close', () => finish(res.complete ? (res.statusCode ?? 0) : 0));
      res.resume();
    });
    req.on('error', () => finish(0));
    req.end(job.body);
  }
}
