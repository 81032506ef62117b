'use server';

/**
 * The login form's server action. Why not next-auth's credentials endpoint: a plain HTML form
 * cannot carry next-auth's CSRF token without JavaScript, and the two-step flow (password, then
 * code) and the Italian messages need our own answers. So the action calls the same use cases
 * as next-auth's Credentials provider (lib/auth/login-*.ts) and writes next-auth's own session
 * cookie (lib/auth/guard.ts setSessionCookie), which next-auth, requireStaff and the API read.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requestIp, setSessionCookie } from '@/lib/auth/guard';
import { loginWithCode } from '@/lib/auth/login-code';
import { loginWithPassword } from '@/lib/auth/login-password';
import type { LoginResult } from '@/lib/auth/login-result';
import { safeNextPath } from '@/lib/auth/route-guard';
import { getAppContext } from '@/lib/context';
import { refusedLoginState, type LoginState } from './login-state';

const text = (fd: FormData, name: string): string => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

export async function loginAction(_prev: LoginState, fd: FormData): Promise<LoginState> {
  const ctx = getAppContext();
  const ip = await requestIp();
  const userAgent = (await headers()).get('user-agent');
  const email = text(fd, 'email').slice(0, 254);
  const ticket = text(fd, 'ticket');
  let r: LoginResult;
  try {
    r = ticket
      ? await loginWithCode(ctx, { ticket, code: text(fd, 'code'), ip, userAgent })
      : await loginWithPassword(ctx, { email, password: text(fd, 'password'), code: text(fd, 'code') || undefined, ip, userAgent });
  } catch (e) {
    ctx.log.error('login failed unexpectedly', { error: e });
    return { step: 'password', email, message: 'Si è verificato un errore imprevisto. Riprova tra poco.' };
  }
  if (r.ok) {
    await setSessionCookie({ sub: r.userId, sid: r.sessionId, sv: r.sessionVersion });
    redirect(safeNextPath(text(fd, 'next')));
  }
  return refusedLoginState(r, email);
}
