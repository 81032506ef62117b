/**
 * Meta's per-message pricing as Banditore applies it (settings `messagePrices`): a delivered
 * template is charged by its category in force at send time and the recipient's country; since
 * `utilityInWindowFrom` (1 October 2026) a UTILITY template is charged inside the 24-hour window
 * too (free before); since `serviceMeteredFrom` free-form service replies beyond
 * `serviceFreePerMonth` a month per business number are charged at SERVICE.
 */
import type { MessagePrices } from './defaults';

export const PRICE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE'] as const;
export type PriceCategory = (typeof PRICE_CATEGORIES)[number];

/** Meta's pricing categories (lower case in webhooks, variants such as marketing_lite) -> ours. */
export function priceCategory(c: string | null | undefined): PriceCategory | null {
  const u = (c ?? '').toUpperCase();
  if (u.startsWith('MARKETING')) return 'MARKETING';
  if (u.startsWith('AUTHENTICATION')) return 'AUTHENTICATION';
  if (u.startsWith('UTILITY')) return 'UTILITY';
  if (u.startsWith('SERVICE')) return 'SERVICE';
  return null;
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Price of one message of `category` to `country` (the default country when unknown or unpriced). */
export function unitPrice(p: MessagePrices, category: PriceCategory, country?: string | null): number {
  const table = (country && p.countries[country]) || p.countries[p.defaultCountry]!;
  return table[category];
}

/** Whether a template of `category` delivered at `at` is charged (inside the window or not). */
export function templateCharged(p: MessagePrices, category: PriceCategory, o: { at: Date; insideWindow: boolean }): boolean {
  if (category === 'SERVICE') return false;
  if (category === 'UTILITY' && o.insideWindow) return o.at.getTime() >= day(p.utilityInWindowFrom).getTime();
  return true;
}

/** Free-form service replies of a month that are charged (beyond the free ones, once metering applies). */
export function meteredServiceReplies(p: MessagePrices, repliesThisMonth: number, monthStart: Date): number {
  // A month is metered when metering applies at its end (the rule starts on the first of a month).
  const monthEnd = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1));
  if (monthEnd.getTime() <= day(p.serviceMeteredFrom).getTime()) return 0;
  return Math.max(0, repliesThisMonth - p.serviceFreePerMonth);
}
