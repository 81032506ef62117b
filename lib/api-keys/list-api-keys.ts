import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { normalizeScopes, type ApiScope } from '../access/api-scopes';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  scopes: ApiScope[];
  expiresAt: Date;
}

/** Every key, active ones first, newest first. The hash never leaves the database. */
export async function listApiKeys(ctx: AppContext, { actor }: { actor: Actor }): Promise<ApiKeyView[]> {
  assertRole(actor, 'ADMIN');
  const rows = await ctx.db.apiKey.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: { id: true, name: true, prefix: true, createdAt: true, createdById: true, lastUsedAt: true, revokedAt: true, scopes: true, expiresAt: true },
  });
  const creatorIds = [...new Set(rows.map((r) => r.createdById).filter((v): v is string => v !== null))];
  const creators = creatorIds.length ? await ctx.db.staffUser.findMany({ where: { id: { in: creatorIds } }, select: { id: true, email: true } }) : [];
  const email = new Map(creators.map((c) => [c.id, c.email]));
  const views = rows.map(({ createdById, scopes, ...r }) => ({
    ...r,
    scopes: normalizeScopes(scopes ?? []),
    createdBy: createdById ? (email.get(createdById) ?? null) : null,
  }));
  return [...views.filter((v) => !v.revokedAt), ...views.filter((v) => v.revokedAt)];
}
