import type { Actor } from '../access/roles';
import type { AppContext } from '../context';

export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
}

/** The person's own latest notices (the dashboard shows them whether or not e-mail is set up). */
export async function listNotices(
  ctx: AppContext,
  { actor, limit = 20, unreadOnly = false }: { actor: Actor; limit?: number; unreadOnly?: boolean },
): Promise<{ notices: NoticeView[]; unread: number }> {
  if (actor.kind !== 'staff') return { notices: [], unread: 0 };
  const [rows, unread] = await Promise.all([
    ctx.db.staffNotice.findMany({
      where: { userId: actor.id, ...(unreadOnly ? { readAt: null } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
    ctx.db.staffNotice.count({ where: { userId: actor.id, readAt: null } }),
  ]);
  return {
    notices: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.href, createdAt: r.createdAt, read: r.readAt !== null })),
    unread,
  };
}
