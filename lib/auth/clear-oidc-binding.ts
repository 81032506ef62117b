import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { assertActor, type AnyActor } from '../access/actor';
import { endUserSessions } from './sessions';
import { loadStaffUser } from './staff-target';

/**
 * An admin unbinds a staff user from their single sign-on identity (issuer + subject, bound at the
 * first OIDC login, lib/auth/oidc.ts), e.g. when the comune's identity provider replaced the
 * person's account and the new one is refused with `subject_mismatch`. The user's sessions end
 * (one of them may belong to the old identity); the next OIDC login with the user's email, verified
 * by the provider, binds again. Audited with the identity that was removed.
 */
export async function clearStaffOidcBinding(ctx: AppContext, { actor, userId }: { actor: AnyActor; userId: string }): Promise<{ email: string }> {
  assertActor(actor, 'ADMIN');
  return ctx.db.$transaction(async (tx) => {
    const user = await loadStaffUser(tx, userId);
    if (user.oidcIssuer === null && user.oidcSubject === null) {
      throw new AppError('conflict', 'L’utente non è collegato a un account di accesso unico.');
    }
    // Conditional on the binding read above: two admins clearing at once audit it once.
    const cleared = await tx.staffUser.updateMany({
      where: { id: user.id, oidcIssuer: user.oidcIssuer, oidcSubject: user.oidcSubject },
      data: { oidcIssuer: null, oidcSubject: null },
    });
    if (cleared.count !== 1) throw new AppError('conflict', 'Il collegamento è appena cambiato: ricarica la pagina e riprova.');
    await endUserSessions(ctx, tx, user.id);
    await recordAudit(ctx, tx, {
      actor,
      action: 'user_update',
      target: user.id,
      details: { email: user.email, field: 'oidc', to: 'cleared', issuer: user.oidcIssuer, subject: user.oidcSubject },
    });
    return { email: user.email };
  });
}
