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
}

export interface PublicAlertPage {
  items: PublicAlert[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** Published alerts (sending, sent, or paused mid-way), chosen for the archive; never the welcome message. */
const PUBLIC_WHERE: Prisma.AlertWhereInput = {
  publicArchive: true,
  isWelcome: false,
  publishedAt: { not: null },
  status: { in: ['SENDING', 'SENT', 'PAUSED'] },
};

const select = {
  id: true,
  title: true,
  body: true,
  link: true,
  urgency: true,
  publishedAt: true,
  allTopics: true,
  topics: { select: { topic: { select: { slug: true, name: true } } } },
} as const;

type Row = Prisma.AlertGetPayload<{ select: typeof select }>;

const toPublic = (r: Row): PublicAlert => ({
  id: r.id,
  title: r.title,
  body: r.body,
  link: r.link,
  urgent: r.urgency === 'URGENT',
  publishedAt: r.publishedAt!,
  allTopics: r.allTopics,
  topics: r.topics.map((t) => t.topic),
});

/** Public: no actor. Newest first; `page` starts at 1; pageSize 1–100 (default 20). */
export async function listPublicAlerts(ctx: AppContext, o: { page?: number; pageSize?: number } = {}): Promise<PublicAlertPage> {
  const pageSize = Math.min(100, Math.max(1, Math.floor(o.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(o.page ?? 1));
  const [total, rows] = await Promise.all([
    ctx.db.alert.count({ where: PUBLIC_WHERE }),
    ctx.db.alert.findMany({ where: PUBLIC_WHERE, orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize, select }),
  ]);
  return { items: rows.map(toPublic), page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One archived alert, or null (unknown, not public, not published). */
export async function getPublicAlert(ctx: AppContext, id: string): Promise<PublicAlert | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.alert.findFirst({ where: { ...PUBLIC_WHERE, id }, select });
  return row ? toPublic(row) : null;
}
