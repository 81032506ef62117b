/**
 * In-memory state of the simulator. Everything that grows per send is either a counter or keyed
 * by recipient, so with recordBodies off memory stays flat however many sends go through (and grows
 * by a few dozen bytes per distinct number, in typed arrays: recipient-counter.ts).
 */
import { businessUserId } from './meta-json';
import { RecipientCounter } from './recipient-counter';
import type { SimTemplate } from './templates';
import type { DeliveryStatus, SimMessage, SimStats, SimulatorKnobs } from './types';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const HISTOGRAM_SECONDS = 7200;
const DUPLICATES_SHOWN = 1000;

export interface Phone {
  digits: string;
  profileName?: string;
  userId: string;
  lastInboundAt: number;
  messages: SimMessage[];
}

export type SimEvent =
  | { kind: 'message'; digits: string; message: SimMessage }
  | { kind: 'status'; digits: string; id: string; status: DeliveryStatus; error?: { code: number; title: string } };

const RANK: Record<DeliveryStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Exact sliding 1 s window: a ring with the times of the last `max` accepted sends. */
class ThroughputLimiter {
  private ring: Float64Array;
  private at = 0;
  constructor(readonly max: number) {
    this.ring = new Float64Array(max);
  }
  allows(now: number): boolean {
    const oldest = this.ring[this.at] ?? 0;
    return oldest === 0 || now - oldest >= 1000;
  }
  consume(now: number): void {
    this.ring[this.at] = now;
    this.at = (this.at + 1) % this.max;
  }
}

export class SimStore {
  readonly phones = new Map<string, Phone>();
  readonly templates = new Map<string, SimTemplate>();
  private readonly userIds = new Map<string, string>();
  private readonly byWamid = new Map<string, { digits: string; message: SimMessage }>();
  private readonly perRecipient = new RecipientCounter();
  private readonly lastSendAt = new Map<string, number>();
  private readonly perSecond = new Map<number, number>();
  private recent: number[] = [];
  private recentHead = 0;
  private limiter: ThroughputLimiter | null = null;
  private readonly listeners = new Set<(e: SimEvent) => void>();
  readonly counters = {
    accepted: 0,
    maxWindow1s: 0,
    errorsByCode: {} as Record<string, number>,
    failedByCode: {} as Record<string, number>,
    statuses: { sent: 0, delivered: 0, read: 0, failed: 0 },
    statusPosts: { total: 0, maxPerSecond: 0 },
    inbound: 0,
    timeoutsHeld: 0,
    timeoutsAccepted: 0,
    markedRead: 0,
    templatesCreated: 0,
    templatesApproved: 0,
  };

  constructor(
    private readonly wabaId: string,
    private knobs: SimulatorKnobs,
  ) {
    this.setKnobs(knobs);
  }

  setKnobs(knobs: SimulatorKnobs): void {
    if (knobs.maxPerSecond !== this.limiter?.max) this.limiter = knobs.maxPerSecond ? new ThroughputLimiter(knobs.maxPerSecond) : null;
    this.knobs = knobs;
  }

  phone(digits: string): Phone {
    let p = this.phones.get(digits);
    if (!p) {
      p = { digits, userId: businessUserId(this.wabaId, digits), lastInboundAt: 0, messages: [] };
      this.phones.set(digits, p);
      this.userIds.set(p.userId, digits);
    }
    return p;
  }

  digitsForUserId(userId: string): string | undefined {
    return this.userIds.get(userId);
  }

  windowOpen(digits: string, now: number): boolean {
    const p = this.phones.get(digits);
    return !!p && p.lastInboundAt > 0 && now - p.lastInboundAt < WINDOW_MS;
  }

  throughputAllows(now: number): boolean {
    return !this.limiter || this.limiter.allows(now);
  }

  pairAllows(digits: string, now: number): boolean {
    const gap = this.knobs.pairRateMs;
    if (gap === null) return true;
    const last = this.lastSendAt.get(digits);
    return last === undefined || now - last >= gap;
  }

  recordAccepted(digits: string, now: number, message: SimMessage | null): void {
    this.limiter?.consume(now);
    if (this.knobs.pairRateMs !== null) this.lastSendAt.set(digits, now);
    this.counters.accepted++;
    this.perRecipient.add(digits);
    const second = Math.floor(now / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    if (this.perSecond.size > HISTOGRAM_SECONDS) this.perSecond.delete(this.perSecond.keys().next().value as number);
    this.recent.push(now);
    while ((this.recent[this.recentHead] ?? now) <= now - 1000) this.recentHead++;
    this.counters.maxWindow1s = Math.max(this.counters.maxWindow1s, this.recent.length - this.recentHead);
    if (this.recentHead > 4096) {
      this.recent = this.recent.slice(this.recentHead);
      this.recentHead = 0;
    }
    if (message && this.knobs.recordBodies) this.addMessage(digits, message);
  }

  addMessage(digits: string, message: SimMessage): void {
    this.phone(digits).messages.push(message);
    this.byWamid.set(message.id, { digits, message });
    this.emit({ kind: 'message', digits, message });
  }

  messageById(wamid: string): SimMessage | undefined {
    return this.byWamid.get(wamid)?.message;
  }

  /** Moves a recorded message forward only, like the app must (statuses can arrive out of order). */
  updateStatus(digits: string, wamid: string, status: DeliveryStatus, error?: { code: number; title: string }): void {
    const m = this.byWamid.get(wamid)?.message;
    if (m && RANK[status] > RANK[m.status ?? 'accepted']) {
      m.status = status;
      if (error) m.error = error;
    }
    this.emit({ kind: 'status', digits, id: wamid, status, ...(error ? { error } : {}) });
  }

  countError(code: number): void {
    this.counters.errorsByCode[code] = (this.counters.errorsByCode[code] ?? 0) + 1;
  }

  countFailed(code: number): void {
    this.counters.failedByCode[code] = (this.counters.failedByCode[code] ?? 0) + 1;
  }

  findTemplate(name: string, language: string): SimTemplate | undefined {
    for (const t of this.templates.values()) if (t.name === name && t.language === language) return t;
    return undefined;
  }

  subscribe(fn: (e: SimEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: SimEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  stats(webhooks: SimStats['webhooks']): SimStats {
    const c = this.counters;
    const duplicateRecipients: Record<string, number> = {};
    let duplicateRecipientsCount = 0;
    for (const [digits, n] of this.perRecipient.entries()) {
      if (n < 2) continue;
      if (duplicateRecipientsCount++ < DUPLICATES_SHOWN) duplicateRecipients[digits] = n;
    }
    return {
      acceptedSends: c.accepted,
      perSecond: Object.fromEntries(this.perSecond),
      maxWindow1s: c.maxWindow1s,
      errorsByCode: { ...c.errorsByCode },
      failedByCode: { ...c.failedByCode },
      statuses: { ...c.statuses },
      statusPosts: { ...c.statusPosts },
      webhooks,
      inboundMessages: c.inbound,
      timeouts: { held: c.timeoutsHeld, acceptedAnyway: c.timeoutsAccepted },
      markedRead: c.markedRead,
      distinctRecipients: this.perRecipient.size,
      duplicateRecipients,
      duplicateRecipientsCount,
      templates: { created: c.templatesCreated, approved: c.templatesApproved },
    };
  }

  /** Clears conversations and statistics; templates survive unless asked (they are account setup). */
  reset(templates = false): void {
    this.phones.clear();
    this.userIds.clear();
    this.byWamid.clear();
    this.perRecipient.clear();
    this.lastSendAt.clear();
    this.perSecond.clear();
    this.recent = [];
    this.recentHead = 0;
    this.limiter = null;
    this.setKnobs(this.knobs);
    if (templates) this.templates.clear();
    const c = this.counters;
    c.accepted = c.maxWindow1s = c.inbound = c.timeoutsHeld = c.timeoutsAccepted = c.markedRead = 0;
    c.templatesCreated = c.templatesApproved = 0;
    c.errorsByCode = {};
    c.failedByCode = {};
    c.statuses = { sent: 0, delivered: 0, read: 0, failed: 0 };
    c.statusPosts = { total: 0, maxPerSecond: 0 };
  }
}
