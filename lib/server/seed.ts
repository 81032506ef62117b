import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import argon2 from 'argon2';
import type { AppContext } from '../context';
import { setSetting } from '../settings/store';
import { seedTopics } from '../subscriptions/seed';
import { seedExampleZones } from '../zones/seed';

export const DEMO_ADMIN_EMAIL = 'admin@demo.banditore.local';

export interface DemoLogin {
  email: string;
  password: string;
}

/**
 * What every installation needs (the default topics, the example zones the comune then checks), and in demo mode a first admin so a newcomer
 * can log in at once. The demo login is printed at every start, so it is kept next to the other
 * demo secrets in <dataDir>/demo-admin.json; a real installation creates its admin with the CLI.
 */
export async function seedInstallation(ctx: AppContext, opts: { demo: boolean; dataDir: string }): Promise<{ demoLogin: DemoLogin | null }> {
  await seedTopics(ctx.db);
  await seedExampleZones(ctx.db);
  if (!opts.demo) return { demoLogin: null };
  const file = path.resolve(opts.dataDir, 'demo-admin.json');
  const saved = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as DemoLogin,
    () => null,
  );
  if (saved && (await ctx.db.staffUser.count({ where: { email: saved.email } })) > 0) return { demoLogin: saved };
  if ((await ctx.db.staffUser.count()) > 0) return { demoLogin: null };
  // The demo admin signs in with a password only, so demo mode relaxes the admins' mandatory TOTP,
  // explicitly (the settings page shows the warning); a real installation keeps the default (on).
  await setSetting(ctx.db, 'adminTotpRequired', false, 'system:demo');
  const login = { email: DEMO_ADMIN_EMAIL, password: randomBytes(9).toString('base64url') };
  await ctx.db.staffUser.create({
    data: { email: login.email, name: 'Amministratore demo', role: 'ADMIN', passwordHash: await argon2.hash(login.password, { type: argon2.argon2id }) },
  });
  await writeFile(file, JSON.stringify(login, null, 2), { mode: 0o600 });
  return { demoLogin: login };
}
