import { assertActor, type AnyActor } from '../access/actor';
import { isUuid } from '../ids';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';

/**
 * Revokes a key at once: the next request with it is refused (authenticateApiKey reads the row on
 * every request). Revoking twice is harmless and keeps the first revocation time.
 */
export async function revokeApiKey(ctx: AppContext, { actor, id }: { actor: AnyActor; id: string }): Promise<{ id: string; name: string; revokedAt: Date }> {
  assertActor(actor, 'ADMIN');
  const notFound = () => new AppError('not_found', 'Chiave API non trovata.');
  if (!isUuid(id)) throw notFound();
  return ctx.db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id }, select: { id: true, name: true, prefix: true, revokedAt: true } });
    if (!key) throw notFound();
    if (key.revokedAt) return { id: key.id, name: key.name, revokedAt: key.revokedAt };
    const now = ctx.now();
    const updated = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (updated.count === 1) {
      await recordAudit(ctx, tx, { actor: actor, action: 'apikey_revoke', target: key.id, details: { name: key.name, prefix: key.prefix } });
    }
    return { id: key.id, name: key.name, revokedAt: now };
  });
}
