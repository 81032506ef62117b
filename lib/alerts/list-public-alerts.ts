import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { isUuid } from '../ids';

/** An alert as the public archive /avvisi and its feeds show it (no staff data). */
export interface PublicAlert {
  id: string;
  title: string;
  body: string;
  link: string | null;
  urgent: boolean;
  publishedAt: Date;
  topics: { slug: string; name: string }[];
  /** True when it went to every topic. */
  allTopics: boolean;
  /** A correction ("Rettifica"): the alert it corrects, when that one is still in the archive. */
  corrects: { id: string; title: string; publishedAt: Date } | null;
  /** Corrections of this alert in the archive, oldest first. */
  correctedBy: { id: string; title: string; publishedAt: Date }[];
}

/** The page of a withdrawn alert: that it was withdrawn and when, never its title or text. */
export interface WithdrawnPublicAlert {
  id: string;
  withdrawn: true;
  withdrawnAt: Date;
}

export interface PublicAlertPage {
  items: PublicAlert[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/**
 * Published alerts (sending, sent, or paused mid-way), chosen for the archive and not withdrawn
 * (withdraw-alert.ts); never the welcome message.
 */
const PUBLIC_WHERE: Prisma.AlertWhereInput = {
  publicArchive: true,
  isWelcome: false,
  publishedAt: { not: null },
  withdrawnAt: null,
  status: { in: ['SENDING', 'SENT', 'PAUSED'] },
};

const linkSelect = { id: true, title: true, publishedAt: true } as const;

const select = {
  id: true,
  title: true,
  body: true,
  link: true,
  urgency: true,
  publishedAt: true,
  allTopics: true,
  correctsAlertId: true,
  topics: { select: { topic: { select: { slug: true, name: true } } } },
} as const;

type Row = Prisma.AlertGetPayload<{ select: typeof select }>;

type Link = { id: string; title: string; publishedAt: Date | null };

/** The corrections of these alerts, and the originals these corrections point to, both public only. */
async function links(ctx: AppContext, rows: Row[]): Promise<{ originals: Map<string, Link>; corrections: Map<string, Link[]> }> {
  const ids = rows.map((r) => r.id);
  const originalIds = rows.map((r) => r.correctsAlertId).filter((x): x is string => x !== null);
  const [originals, corrections] = await Promise.all([
    originalIds.length > 0 ? ctx.db.alert.findMany({ where: { ...PUBLIC_WHERE, id: { in: originalIds } }, select: linkSelect }) : [],
    ids.length > 0
      ? ctx.db.alert.findMany({
          where: { ...PUBLIC_WHERE, correctsAlertId: { in: ids } },
          select: { ...linkSelect, correctsAlertId: true },
          orderBy: { publishedAt: 'asc' },
        })
      : [],
  ]);
  const byOriginal = new Map<string, Link[]>();
  for (const c of corrections) byOriginal.set(c.correctsAlertId!, [...(byOriginal.get(c.correctsAlertId!) ?? []), c]);
  return { originals: new Map(originals.map((o) => [o.id, o])), corrections: byOriginal };
}

const toLink = (l: Link) => ({ id: l.id, title: l.title, publishedAt: l.publishedAt! });

const toPublic = (r: Row, l: Awaited<ReturnType<typeof links>>): PublicAlert => ({
  id: r.id,
  title: r.title,
  body: r.body,
  link: r.link,
  urgent: r.urgency === 'URGENT',
  publishedAt: r.publishedAt!,
  allTopics: r.allTopics,
  topics: r.topics.map((t) => t.topic),
  corrects: r.correctsAlertId && l.originals.has(r.correctsAlertId) ? toLink(l.originals.get(r.correctsAlertId)!) : null,
  correctedBy: (l.corrections.get(r.id) ?? []).map(toLink),
});

/** Public: no actor. Newest first; `page` starts at 1; pageSize 1–100 (default 20). */
export async function listPublicAlerts(ctx: AppContext, o: { page?: number; pageSize?: number } = {}): Promise<PublicAlertPage> {
  const pageSize = Math.min(100, Math.max(1, Math.floor(o.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(o.page ?? 1));
  const [total, rows] = await Promise.all([
    ctx.db.alert.count({ where: PUBLIC_WHERE }),
    ctx.db.alert.findMany({ where: PUBLIC_WHERE, orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize, select }),
  ]);
  const l = await links(ctx, rows);
  return { items: rows.map((r) => toPublic(r, l)), page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * One archived alert; a withdrawn one as `{ withdrawn: true, withdrawnAt }` (it was public, its
 * address may have been shared); null when unknown, not public or not published.
 */
export async function getPublicAlert(ctx: AppContext, id: string): Promise<PublicAlert | WithdrawnPublicAlert | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.alert.findFirst({ where: { ...PUBLIC_WHERE, id }, select });
  if (row) return toPublic(row, await links(ctx, [row]));
  const gone = await ctx.db.alert.findFirst({
    where: { ...PUBLIC_WHERE, withdrawnAt: { not: null }, status: 'SENT', id },
    select: { id: true, withdrawnAt: true },
  });
  return gone ? { id: gone.id, withdrawn: true, withdrawnAt: gone.withdrawnAt! } : null;
}

export const isWithdrawn = (a: PublicAlert | WithdrawnPublicAlert): a is WithdrawnPublicAlert => 'withdrawn' in a;
