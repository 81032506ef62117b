/**
 * Status webhooks for accepted sends. Each message has at most one pending status at a time
 * (sent -> delivered -> read, or failed), so the queues hold about rate x longest delay items and
 * memory stays flat. Delays are fixed per kind, so each queue is ordered by due time and one timer
 * drains all of them: no per-message timers at thousands of statuses per second.
 */
import { createHash } from 'node:crypto';
import { businessUserId, unixSeconds } from './meta-json';
import { statusError } from './meta-errors';
import { messagesValue, webhookEnvelope, type BusinessIds } from './inbound';
import type { WebhookEmitter } from './emitter';
import type { SimStore } from './store';
import type { SimulatorKnobs } from './types';

type Kind = 'sent' | 'delivered' | 'read' | 'failed';

export interface Pending {
  due: number;
  kind: Kind;
  wamid: string;
  digits: string;
  /** Sent by `recipient` (a username-only user): the status names the user id only, like Meta. */
  byUserId?: boolean;
  acceptedAt: number;
  /** Pricing category: utility/marketing/authentication for templates, service for free-form. */
  category: string;
  /** Sent inside the customer service window: free under per-message pricing. */
  free: boolean;
  errorCode?: number;
}

class DueQueue {
  private items: Pending[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(p: Pending): void {
    this.items.push(p);
  }
  takeDue(now: number, out: Pending[]): void {
    while (this.head < this.items.length && (this.items[this.head]?.due ?? Infinity) <= now) out.push(this.items[this.head++]!);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

export class StatusScheduler {
  private readonly queues = { first: new DueQueue(), delivered: new DueQueue(), read: new DueQueue() };
  private timer: NodeJS.Timeout | null = null;
  private flushMs = 0;
  /** Status POSTs queued in the current clock second (for statusPosts.maxPerSecond). */
  private postsThisSecond = { second: 0, n: 0 };

  constructor(
    private readonly ids: BusinessIds,
    private readonly store: SimStore,
    private readonly emitter: WebhookEmitter,
    private readonly knobs: () => SimulatorKnobs,
  ) {
    this.restart();
  }

  get pending(): number {
    return this.queues.first.size + this.queues.delivered.size + this.queues.read.size;
  }

  /** Schedules the first status of an accepted send: `sent`, or `failed` when errorCode is given. */
  accepted(p: Omit<Pending, 'due' | 'kind'>): void {
    const kind: Kind = p.errorCode ? 'failed' : 'sent';
    this.queues.first.push({ ...p, kind, due: p.acceptedAt + this.knobs().statusDelaysMs.sent });
  }

  /** Re-arms the timer when statusFlushMs changed. */
  restart(): void {
    const ms = Math.max(1, this.knobs().statusFlushMs);
    if (this.timer && ms === this.flushMs) return;
    if (this.timer) clearInterval(this.timer);
    this.flushMs = ms;
    this.timer = setInterval(() => this.flush(Date.now()), ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  clear(): void {
    this.queues.first.clear();
    this.queues.delivered.clear();
    this.queues.read.clear();
  }

  flush(now: number): void {
    const due: Pending[] = [];
    this.queues.first.takeDue(now, due);
    this.queues.delivered.takeDue(now, due);
    this.queues.read.takeDue(now, due);
    if (due.length === 0) return;
    const k = this.knobs();
    const batch = Math.max(1, k.statusBatchMax);
    for (let i = 0; i < due.length; i += batch) {
      const statuses = due.slice(i, i + batch).map((p) => this.render(p, now));
      void this.emitter.send(webhookEnvelope(this.ids, 'messages', messagesValue(this.ids, { statuses })));
      this.countPost(now);
    }
    for (const p of due) {
      this.store.counters.statuses[p.kind]++;
      if (p.kind === 'failed' && p.errorCode) {
        this.store.countFailed(p.errorCode);
        this.store.updateStatus(p.digits, p.wamid, 'failed', { code: p.errorCode, title: statusError(p.errorCode).title });
      } else {
        this.store.updateStatus(p.digits, p.wamid, p.kind);
      }
      if (p.kind === 'sent') {
        this.queues.delivered.push({ ...p, kind: 'delivered', due: Math.max(now, p.acceptedAt + k.statusDelaysMs.delivered) });
      } else if (p.kind === 'delivered' && Math.random() < k.readFraction) {
        this.queues.read.push({ ...p, kind: 'read', due: Math.max(now, p.acceptedAt + k.statusDelaysMs.read) });
      }
    }
  }

  private countPost(now: number): void {
    const posts = this.store.counters.statusPosts;
    posts.total++;
    const second = Math.floor(now / 1000);
    if (second !== this.postsThisSecond.second) this.postsThisSecond = { second, n: 0 };
    posts.maxPerSecond = Math.max(posts.maxPerSecond, ++this.postsThisSecond.n);
  }

  private render(p: Pending, now: number): Record<string, unknown> {
    const s: Record<string, unknown> = {
      id: p.wamid,
      status: p.kind,
      timestamp: unixSeconds(now),
      ...(p.byUserId ? {} : { recipient_id: p.digits }),
      recipient_user_id: businessUserId(this.ids.wabaId, p.digits),
    };
    if (p.kind === 'failed') {
      s.errors = [statusError(p.errorCode ?? 131000)];
      return s;
    }
    if (p.kind !== 'read') {
      // Meta reports the (now informational) conversation and the per-message pricing on sent and delivered.
      const conversation: Record<string, unknown> = { id: conversationId(p.digits, p.category, p.acceptedAt) };
      if (p.kind === 'sent') conversation.expiration_timestamp = unixSeconds(p.acceptedAt + 24 * 3600 * 1000);
      conversation.origin = { type: p.category };
      s.conversation = conversation;
      s.pricing = { billable: !p.free, pricing_model: 'PMP', category: p.category, type: p.free ? 'free_customer_service' : 'regular' };
    }
    return s;
  }
}

function conversationId(digits: string, category: string, at: number): string {
  const day = Math.floor(at / 86_400_000);
  return createHash('md5').update(`${digits}:${category}:${day}`).digest('hex');
}
