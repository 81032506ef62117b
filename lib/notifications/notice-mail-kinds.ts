import type { Actor } from '../access/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { isNoticeKind, NOTICE_KINDS, type NoticeKind } from './kinds';

/** The kinds the person receives by e-mail (all, unless they opted out). */
export async function getNoticeMailKinds(ctx: AppContext, { actor }: { actor: Actor }): Promise<NoticeKind[]> {
  if (actor.kind !== 'staff') return [];
  const out = new Set((await ctx.db.staffNoticeMailOptOut.findMany({ where: { userId: actor.id } })).map((o) => o.kind));
  return NOTICE_KINDS.filter((k) => !out.has(k));
}

/** The person chooses, on their profile page, which kinds reach them by e-mail; the others stay on the dashboard. */
export async function setNoticeMailKinds(ctx: AppContext, { actor, kinds }: { actor: Actor; kinds: unknown[] }): Promise<NoticeKind[]> {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'Only staff members have notification preferences');
  const bad = kinds.filter((k) => !isNoticeKind(k));
  if (bad.length > 0) throw new AppError('invalid_input', `Unknown notice kind: ${bad.map(String).join(', ')} (known: ${NOTICE_KINDS.join(', ')})`);
  const wanted = new Set(kinds as NoticeKind[]);
  await ctx.db.$transaction([
    ctx.db.staffNoticeMailOptOut.deleteMany({ where: { userId: actor.id } }),
    ctx.db.staffNoticeMailOptOut.createMany({ data: NOTICE_KINDS.filter((k) => !wanted.has(k)).map((kind) => ({ userId: actor.id, kind })) }),
  ]);
  return NOTICE_KINDS.filter((k) => wanted.has(k));
}
