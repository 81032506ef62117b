/**
 * The simulator's shared state and the actions both the Graph routes and the control API use.
 */
import type { ServerResponse } from 'node:http';
import { WebhookEmitter } from './emitter';
import { inboundPayload, inboundProblem, inboundText, webhookEnvelope, type BusinessIds } from './inbound';
import { mergeKnobs } from './knobs';
import { newWamid } from './meta-json';
import { StatusScheduler } from './statuses';
import { SimStore } from './store';
import { defineTemplate, isMetaError, type SimTemplate } from './templates';
import { writeJson } from './http-util';
import { changeNumber, DEFAULT_NUMBER, type SimNumber } from './number';
import { DEFAULT_KNOBS, type InboundSpec, type SimMessage, type SimStats, type SimulatorKnobs, type SimulatorOptions, type TemplateStatus } from './types';

export class InboundError extends Error {}

export class SimCore {
  knobs: SimulatorKnobs;
  readonly ids: BusinessIds;
  readonly store: SimStore;
  readonly emitter: WebhookEmitter;
  readonly statuses: StatusScheduler;
  readonly basePath: string;
  /** Answers deliberately never sent (timeoutRate): destroyed on close so no socket leaks. */
  readonly held = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private notOnWhatsApp: Set<string>;
  /** Quality, messaging limit and throughput of the business number (number.ts). */
  number: SimNumber;

  constructor(readonly opts: SimulatorOptions) {
    this.knobs = mergeKnobs(DEFAULT_KNOBS, opts.knobs ?? {});
    this.notOnWhatsApp = new Set(this.knobs.notOnWhatsApp);
    this.number = { ...DEFAULT_NUMBER, ...opts.number };
    this.basePath = (opts.basePath ?? '').replace(/\/+$/, '');
    this.ids = {
      wabaId: opts.wabaId,
      phoneNumberId: opts.phoneNumberId,
      displayPhoneNumber: opts.displayPhoneNumber.replace(/\D/g, ''),
    };
    this.store = new SimStore(opts.wabaId, this.knobs);
    this.emitter = new WebhookEmitter(opts.webhookUrl, opts.appSecret, () => this.knobs);
    this.statuses = new StatusScheduler(this.ids, this.store, this.emitter, () => this.knobs);
    for (const seed of opts.templates ?? []) {
      const t = defineTemplate(seed, (n, l) => !!this.store.findTemplate(n, l));
      if (isMetaError(t)) throw new Error(`seed template ${seed.name}: ${JSON.stringify(t.body.error)}`);
      t.status = seed.status ?? 'APPROVED';
      this.store.templates.set(t.id, t);
    }
  }

  setKnobs(patch: Partial<SimulatorKnobs>): SimulatorKnobs {
    this.knobs = mergeKnobs(this.knobs, patch);
    this.notOnWhatsApp = new Set(this.knobs.notOnWhatsApp);
    this.store.setKnobs(this.knobs);
    this.statuses.restart();
    return this.knobs;
  }

  isOnWhatsApp(digits: string): boolean {
    return !this.notOnWhatsApp.has(digits);
  }

  /** Runs fn after ms with a timer that close() cancels. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Every Graph answer goes through here so latencyMs applies to errors and successes alike. */
  reply(res: ServerResponse, status: number, body: unknown): void {
    const latency = this.knobs.latencyMs;
    if (latency > 0) this.later(latency, () => writeJson(res, status, body));
    else writeJson(res, status, body);
  }

  createTemplate(def: unknown): SimTemplate | ReturnType<typeof defineTemplate> {
    const t = defineTemplate(def, (n, l) => !!this.store.findTemplate(n, l));
    if (isMetaError(t)) return t;
    this.store.templates.set(t.id, t);
    this.store.counters.templatesCreated++;
    this.later(this.knobs.templateApprovalDelayMs, () => {
      if (this.store.templates.get(t.id)?.status === 'PENDING') this.setTemplateStatus(t, 'APPROVED');
    });
    return t;
  }

  /** Changes a template's status and tells the app, like Meta's message_template_status_update. */
  setTemplateStatus(t: SimTemplate, status: TemplateStatus, reason = 'NONE'): void {
    t.status = status;
    if (status === 'APPROVED') this.store.counters.templatesApproved++;
    const value = {
      event: status,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      reason: status === 'REJECTED' && reason === 'NONE' ? 'INVALID_FORMAT' : reason,
      message_template_category: t.category,
    };
    void this.emitter.send(webhookEnvelope(this.ids, 'message_template_status_update', value, true));
  }

  /** Changes the number's quality / limit and, when Meta would announce it, posts phone_number_quality_update. */
  async setNumber(patch: unknown): Promise<SimNumber & { event: string | null; webhookStatus: number | null }> {
    const { next, webhook } = changeNumber(this.number, patch, this.ids.displayPhoneNumber);
    this.number = next;
    const webhookStatus = webhook ? await this.emitter.send(webhookEnvelope(this.ids, 'phone_number_quality_update', webhook, true)) : null;
    return { ...next, event: webhook ? String(webhook.event) : null, webhookStatus };
  }

  /**
   * Meta's template edit (`POST /<TEMPLATE_ID>`): new category and/or components, back to review
   * (PENDING), approved after templateApprovalDelayMs like a new template.
   */
  editTemplate(t: SimTemplate, body: Record<string, unknown>): SimTemplate | ReturnType<typeof defineTemplate> {
    const edited = defineTemplate(
      { name: t.name, language: t.language, category: body.category ?? t.category, components: body.components ?? t.components },
      () => false,
    );
    if (isMetaError(edited)) return edited;
    Object.assign(t, { ...edited, id: t.id, status: 'PENDING' as TemplateStatus });
    this.later(this.knobs.templateApprovalDelayMs, () => {
      if (this.store.templates.get(t.id)?.status === 'PENDING') this.setTemplateStatus(t, 'APPROVED');
    });
    return t;
  }

  /**
   * Meta re-categorises a template and says so with `template_category_update`. With `impending`
   * only the notice is sent (correct_category, the current category as new_category, and when the
   * change will apply); the category itself does not change.
   */
  setTemplateCategory(t: SimTemplate, category: string, o: { impending?: boolean; effectiveInMs?: number } = {}): void {
    const base = { message_template_id: Number(t.id), message_template_name: t.name, message_template_language: t.language };
    if (o.impending) {
      const at = Math.floor((Date.now() + (o.effectiveInMs ?? 7 * 86_400_000)) / 1000);
      void this.emitter.send(
        webhookEnvelope(
          this.ids,
          'template_category_update',
          { ...base, correct_category: category, new_category: t.category, category_update_timestamp: at },
          true,
        ),
      );
      return;
    }
    const previous = t.category;
    t.category = category;
    void this.emitter.send(webhookEnvelope(this.ids, 'template_category_update', { ...base, previous_category: previous, new_category: category }, true));
  }

  /** A status event that changes nothing here (FLAGGED, or one Meta may add later), as Meta sends it. */
  templateEvent(t: SimTemplate, event: string, reason = 'NONE'): void {
    const value = { event, message_template_id: Number(t.id), message_template_name: t.name, message_template_language: t.language, reason };
    void this.emitter.send(webhookEnvelope(this.ids, 'message_template_status_update', value, true));
  }

  /** A simulated citizen writes to the comune: opens the 24-hour window and posts the webhook. */
  async phoneSends(digits: string, spec: InboundSpec): Promise<{ wamid: string; webhookStatus: number }> {
    if (!/^\d{7,15}$/.test(digits)) throw new InboundError('the number must be 7 to 15 digits, country code first');
    const problem = inboundProblem(spec);
    if (problem) throw new InboundError(problem);
    const now = Date.now();
    const phone = this.store.phone(digits);
    if (spec.profileName) phone.profileName = spec.profileName;
    phone.lastInboundAt = now;
    this.store.counters.inbound++;
    const wamid = newWamid(digits);
    let message: SimMessage | undefined;
    if (this.knobs.recordBodies) {
      message = { id: wamid, from: 'phone', at: now, type: metaType(spec), text: inboundText(spec), inbound: spec };
      if ('contextId' in spec) message.contextId = spec.contextId;
      if (spec.type === 'reaction') message.contextId = spec.messageId;
      this.store.addMessage(digits, message);
    }
    const sender = { digits, userId: phone.userId, profileName: phone.profileName ?? `Utente ${digits.slice(-4)}` };
    const webhookStatus = await this.emitter.send(inboundPayload(this.ids, sender, spec, wamid, now));
    if (message) message.webhookStatus = webhookStatus;
    return { wamid, webhookStatus };
  }

  stats(): SimStats {
    return this.store.stats(this.emitter.snapshot());
  }

  reset(templates = false): void {
    this.statuses.clear();
    this.store.reset(templates);
    this.emitter.resetCounts();
  }

  async close(): Promise<void> {
    this.statuses.flush(Date.now());
    this.statuses.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
    await this.emitter.close();
  }
}

function metaType(spec: InboundSpec): string {
  if (spec.type === 'list_reply' || spec.type === 'button_reply') return 'interactive';
  return spec.type;
}
