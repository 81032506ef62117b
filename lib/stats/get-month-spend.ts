/**
 * What this month's WhatsApp messages cost (the statistics page): templates by category and the
 * free-form service replies beyond the monthly free ones. Meta's own figures when its status
 * webhooks carried a `pricing` object this month (table `message_charges`, counted once per
 * delivered message by lib/inbound/process-events.ts: category, type, billable); otherwise an
 * estimate from our records (alert deliveries delivered this month by the template category they
 * were published with, replies sent) and the prices in the settings (lib/settings/prices.ts).
 */
import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { meteredServiceReplies, priceCategory, PRICE_CATEGORIES, templateCharged, unitPrice, type PriceCategory } from '../settings/prices';
import { loadSettings } from '../settings/store';

export interface SpendLine {
  category: PriceCategory;
  /** Messages delivered this month in the category. */
  messages: number;
  /** Of which charged. */
  charged: number;
  costEur: number;
}

export interface MonthSpend {
  /** YYYY-MM, Europe/Rome. */
  month: string;
  /** `meta`: from the pricing data of Meta's status webhooks; `settings`: estimated from our records. */
  source: 'meta' | 'settings';
  templates: SpendLine[];
  service: { replies: number; free: number; charged: number; costEur: number };
  totalEur: number;
  pricesFrom: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function getMonthSpend(ctx: AppContext, { actor, now = ctx.now() }: { actor: Actor; now?: Date }): Promise<MonthSpend> {
  assertRole(actor, 'VIEWER');
  const prices = (await loadSettings(ctx.db)).messagePrices;
  const { rows: m } = await ctx.pool.query<{ start: string; next: string; month: string }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS start, to_char(d + interval '1 month', 'YYYY-MM-DD') AS next, to_char(d, 'YYYY-MM') AS month
       FROM (SELECT date_trunc('month', $1::timestamptz AT TIME ZONE 'Europe/Rome')::date AS d) x`,
    [now],
  );
  const { start, next, month } = m[0]!;
  const monthStart = new Date(`${start}T00:00:00Z`);
  const lines = new Map<PriceCategory, SpendLine>(PRICE_CATEGORIES.map((c) => [c, { category: c, messages: 0, charged: 0, costEur: 0 }]));

  const { rows: charges } = await ctx.pool.query<{ category: string; billable: boolean; n: string }>(
    `SELECT category, billable, sum(count)::text AS n FROM message_charges WHERE month = $1::date GROUP BY 1, 2`,
    [start],
  );
  let source: MonthSpend['source'] = 'settings';
  let serviceReplies = 0;
  let serviceCharged = 0;
  if (charges.length > 0) {
    source = 'meta';
    for (const c of charges) {
      const cat = priceCategory(c.category);
      if (!cat) continue;
      const line = lines.get(cat)!;
      line.messages += Number(c.n);
      if (c.billable) line.charged += Number(c.n);
    }
    const service = lines.get('SERVICE')!;
    serviceReplies = service.messages;
    serviceCharged = service.charged;
  } else {
    // Local times are Rome's; the month's bounds as instants.
    const bounds = [`${start} 00:00`, `${next} 00:00`];
    const { rows: delivered } = await ctx.pool.query<{ category: string | null; n: string }>(
      // Only alerts that may have delivered this month (few rows), then their deliveries through
      // deliveries (alert_id, status, ...): no scan of every delivery ever made.
      `SELECT a.template_category AS category, count(*)::text AS n
         FROM alerts a JOIN deliveries d ON d.alert_id = a.id AND d.status IN ('DELIVERED', 'READ')
        WHERE a.published_at < ($2::timestamp AT TIME ZONE 'Europe/Rome')
          AND (a.completed_at IS NULL OR a.completed_at >= ($1::timestamp AT TIME ZONE 'Europe/Rome') - interval '1 day')
          AND d.delivered_at >= ($1::timestamp AT TIME ZONE 'Europe/Rome') AND d.delivered_at < ($2::timestamp AT TIME ZONE 'Europe/Rome')
        GROUP BY 1`,
      bounds,
    );
    for (const d of delivered) {
      const cat = priceCategory(d.category) ?? 'UTILITY';
      const line = lines.get(cat)!;
      line.messages += Number(d.n);
      // Whether the person was inside the 24-hour window is not kept: counted as charged.
      if (templateCharged(prices, cat, { at: now, insideWindow: false })) line.charged += Number(d.n);
    }
    const { rows: replies } = await ctx.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM outbound_messages
        WHERE purpose = 'reply' AND status IN ('SENT', 'DELIVERED', 'READ')
          AND sent_at >= ($1::timestamp AT TIME ZONE 'Europe/Rome') AND sent_at < ($2::timestamp AT TIME ZONE 'Europe/Rome')`,
      bounds,
    );
    serviceReplies = Number(replies[0]?.n ?? 0);
    serviceCharged = meteredServiceReplies(prices, serviceReplies, monthStart);
  }
  for (const line of lines.values()) line.costEur = round(line.charged * unitPrice(prices, line.category));
  const service = {
    replies: serviceReplies,
    free: serviceReplies - serviceCharged,
    charged: serviceCharged,
    costEur: round(serviceCharged * unitPrice(prices, 'SERVICE')),
  };
  const templates = [...lines.values()].filter((l) => l.category !== 'SERVICE');
  return {
    month,
    source,
    templates,
    service,
    totalEur: round(templates.reduce((a, l) => a + l.costEur, 0) + service.costEur),
    pricesFrom: prices.effectiveFrom,
  };
}
