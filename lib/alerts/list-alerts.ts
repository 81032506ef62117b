import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import type { AlertStatus, Prisma } from '../generated/prisma/client';
import { alertInclude, readableWhere, readsOnlySent } from './alert-record';
import { toAlertView, type AlertView } from './get-alert';

export interface ListAlertsInput {
  actor: Actor;
  /** Filter by status; several allowed. */
  status?: AlertStatus[];
  /** Words in the title or text. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface AlertList {
  items: AlertView[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  /** How many alerts wait for the current actor's approval (for a badge). */
  awaitingMyApproval: number;
}

/** The dashboard's alert list, newest first, with what the actor may do on each (viewers: sent ones only). */
export async function listAlerts(ctx: AppContext, input: ListAlertsInput): Promise<AlertList> {
  const { actor } = input;
  assertRole(actor, 'VIEWER');
  const pageSize = Math.min(100, Math.max(1, Math.floor(input.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const q = input.q?.trim().slice(0, 100);
  const where: Prisma.AlertWhereInput = {
    ...readableWhere(actor),
    ...(input.status && input.status.length > 0 ? { status: { in: input.status } } : {}),
    ...(q ? { OR: [{ title: { contains: q, mode: 'insensitive' } }, { body: { contains: q, mode: 'insensitive' } }] } : {}),
  };
  const [total, rows, awaitingMyApproval] = await Promise.all([
    ctx.db.alert.count({ where }),
    ctx.db.alert.findMany({
      where,
      include: alertInclude,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    actor.kind === 'staff' && !readsOnlySent(actor)
      ? ctx.db.alert.count({ where: { status: 'PENDING_APPROVAL', OR: [{ createdById: null }, { createdById: { not: actor.id } }] } })
      : Promise.resolve(0),
  ]);
  return { items: rows.map((r) => toAlertView(r, actor)), page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)), awaitingMyApproval };
}
