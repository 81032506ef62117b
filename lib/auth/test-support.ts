import type { AppContext } from '../context';
import type { Role } from '../access/roles';
import { systemActor } from '../access/actor';
import { createStaffUser } from './create-staff-user';

/** Test helper: a staff user with a known password, optionally with TOTP already enabled. */
export const TEST_PASSWORD = 'cavallo-batteria-graffetta';

export async function makeStaff(
  ctx: AppContext,
  opts: { email: string; role?: Role; totpSecret?: string; disabled?: boolean; name?: string },
): Promise<{ id: string; email: string }> {
  const u = await createStaffUser(ctx, { actor: systemActor('test'), input: { email: opts.email, role: opts.role ?? 'EDITOR', name: opts.name ?? 'Prova', password: TEST_PASSWORD } });
  if (opts.totpSecret || opts.disabled) {
    await ctx.db.staffUser.update({
      where: { id: u.id },
      data: {
        ...(opts.totpSecret ? { totpEnabled: true, totpSecretEnc: ctx.cipher.encrypt(opts.totpSecret) } : {}),
        ...(opts.disabled ? { disabled: true } : {}),
      },
    });
  }
  return { id: u.id, email: u.email };
}
