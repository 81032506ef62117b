import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { AppContext } from '../context';
import { seedTopics } from '../subscriptions/seed';

export const DEMO_ADMIN_EMAIL = 'admin@demo.banditore.local';

/**
 * What every installation needs (the default topics), and in demo mode a first admin so a newcomer
 * can log in at once. The demo password is printed at every start, so it is kept (encrypted) in the
 * settings row `demoAdminPassword`; a real installation creates its admin with the CLI instead.
 */
export async function seedInstallation(ctx: AppContext, opts: { demo: boolean }): Promise<{ demoLogin: { email: string; password: string } | null }> {
  await seedTopics(ctx.db);
  if (!opts.demo) return { demoLogin: null };
  const stored = await ctx.db.setting.findUnique({ where: { key: 'demoAdminPassword' } });
  if (stored && typeof stored.value === 'string') {
    return { demoLogin: { email: DEMO_ADMIN_EMAIL, password: ctx.cipher.decrypt(stored.value) } };
  }
  if ((await ctx.db.staffUser.count()) > 0) return { demoLogin: null };
  const password = randomBytes(9).toString('base64url');
  await ctx.db.$transaction([
    ctx.db.staffUser.create({
      data: { email: DEMO_ADMIN_EMAIL, name: 'Amministratore demo', role: 'ADMIN', passwordHash: await argon2.hash(password, { type: argon2.argon2id }) },
    }),
    ctx.db.setting.create({ data: { key: 'demoAdminPassword', value: ctx.cipher.encrypt(password) } }),
  ]);
  return { demoLogin: { email: DEMO_ADMIN_EMAIL, password } };
}
