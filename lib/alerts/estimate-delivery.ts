import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { loadDailyLimit } from '../delivery/number-health';
import { getDailyQuota } from '../delivery/daily-quota';
import { loadSettings } from '../settings/store';
import { priceCategory, unitPrice } from '../settings/prices';
import { loadTemplateState } from '../templates/load-template';

export interface DeliveryEstimate {
  recipients: number;
  messagesPerSecond: number;
  /** null = no daily limit. */
  dailyLimit: number | null;
  /** Distinct people still reachable in the rolling 24 hours (null = no limit). */
  remainingToday: number | null;
  sendableToday: number;
  /** Recipients who will wait for the next days because of the daily limit. */
  deferred: number;
  /** Seconds to send what goes out today, at the configured rate. */
  durationSeconds: number;
  /** e.g. "circa 4 minuti", "oltre il limite giornaliero: 250 oggi, il resto domani". */
  label: string;
  costEur: number;
  /** e.g. "circa 7,50 €". */
  costLabel: string;
  /** The template category the cost is computed with: the one in force now (Meta may change it). */
  costCategory: string;
  /** The price table's date (settings `messagePrices.effectiveFrom`). */
  pricesFrom: string;
}

const int = new Intl.NumberFormat('it-IT');
const eur = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function durationLabel(seconds: number): string {
  if (seconds < 60) return 'meno di un minuto';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `circa ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}`;
  const hours = Math.round(minutes / 60);
  return `circa ${hours} ${hours === 1 ? 'ora' : 'ore'}`;
}

/** Pure: the figures behind the estimate. */
export function estimateFigures(a: {
  recipients: number;
  messagesPerSecond: number;
  dailyRecipientLimit: number | 'unlimited';
  /** Distinct recipients already reached in the last 24 h. */
  usedLast24h: number;
  costPerMessageEur: number;
  costCategory?: string;
  pricesFrom?: string;
}): DeliveryEstimate {
  const dailyLimit = a.dailyRecipientLimit === 'unlimited' ? null : a.dailyRecipientLimit;
  const remainingToday = dailyLimit === null ? null : Math.max(0, dailyLimit - a.usedLast24h);
  const sendableToday = remainingToday === null ? a.recipients : Math.min(a.recipients, remainingToday);
  const deferred = a.recipients - sendableToday;
  const durationSeconds = Math.ceil(sendableToday / Math.max(1, a.messagesPerSecond));
  let label = durationLabel(durationSeconds);
  if (deferred > 0 && dailyLimit !== null) {
    const days = Math.ceil(deferred / dailyLimit);
    const rest = days <= 1 ? 'il resto domani' : `il resto nei prossimi ${days} giorni`;
    const later = days <= 1 ? 'partirà domani' : `partirà nei prossimi ${days} giorni`;
    label = sendableToday > 0 ? `oltre il limite giornaliero: ${int.format(sendableToday)} oggi, ${rest}` : `limite giornaliero già raggiunto: ${later}`;
  }
  const costEur = Math.round(a.recipients * a.costPerMessageEur * 100) / 100;
  return {
    recipients: a.recipients,
    messagesPerSecond: a.messagesPerSecond,
    dailyLimit,
    remainingToday,
    sendableToday,
    deferred,
    durationSeconds,
    label,
    costEur,
    costLabel: a.costCategory ? `circa ${eur.format(costEur)} (categoria ${a.costCategory})` : `circa ${eur.format(costEur)}`,
    costCategory: a.costCategory ?? 'UTILITY',
    pricesFrom: a.pricesFrom ?? '',
  };
}

/**
 * How long an alert to `recipients` people will take at the configured rate and daily limit
 * (Meta's messaging tier: distinct people reached in a rolling 24 hours), and what it costs: the
 * price of the alert template's category in force (a template Meta moved to MARKETING costs as
 * MARKETING) for the default recipient country (lib/settings/prices.ts). Every recipient is
 * counted as charged: since 1 October 2026 a UTILITY template is charged inside the 24-hour window too.
 */
export async function estimateDelivery(ctx: AppContext, { actor, recipients }: { actor: Actor; recipients: number }): Promise<DeliveryEstimate> {
  assertRole(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  const template = await loadTemplateState(ctx.db, settings, 'alert');
  const category = priceCategory(template.category) ?? 'UTILITY';
  // The delivery engine's own count of Meta's rolling 24-hour limit, so both agree.
  // Meta's limit when it could be read (lib/delivery/number-health.ts), else the manual setting.
  const { limit } = await loadDailyLimit(ctx, settings.dailyRecipientLimit);
  const quota = await getDailyQuota(ctx.pool, ctx.now(), limit);
  return estimateFigures({
    recipients: Math.max(0, Math.floor(recipients)),
    messagesPerSecond: settings.messagesPerSecond,
    dailyRecipientLimit: limit,
    usedLast24h: quota.used,
    costPerMessageEur: unitPrice(settings.messagePrices, category),
    costCategory: category,
    pricesFrom: settings.messagePrices.effectiveFrom,
  });
}
