import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { enqueueMail } from '../outbox/enqueue-mail';
import { reserveRateLimit } from '../security/rate-limit';
import { normaliseEmail } from './login-password';
import { newResetToken, resetLink } from './password-reset-token';
import { PASSWORD_RESET_ANSWER_MS, PASSWORD_RESET_EMAIL_LIMIT, PASSWORD_RESET_IP_LIMIT, PASSWORD_RESET_MS } from './policy';
import { ipKey } from './sessions';

/** The one answer to every accepted request, whether or not the address has an account. */
export const RESET_REQUESTED_MESSAGE =
  'Se l’indirizzo è registrato, riceverai un’e-mail con un link per scegliere una nuova password. Il link vale 30 minuti e una volta sola.';

export type ResetRequestResult = { ok: true } | { ok: false; reason: 'rate_limited'; retryAfter: number };

/**
 * "Password dimenticata?": for an enabled staff user, a new single-use link (valid
 * PASSWORD_RESET_MS; it replaces any older one) mailed through the outbox. Unknown addresses,
 * disabled accounts and an installation without SMTP get the same answer in the same time
 * (PASSWORD_RESET_ANSWER_MS at least, and the token is made either way) and nothing is mailed.
 * Counted per IP and per typed address before anything is looked up; a refusal says only "too
 * many requests", which an unknown address gets just the same.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  { email: typed, ip }: { email: string; ip: string | null },
  opts: { answerMs?: number } = {},
): Promise<ResetRequestResult> {
  const started = Date.now();
  const email = normaliseEmail(typed).slice(0, 254);
  const now = ctx.now();
  const limits = await Promise.all([
    reserveRateLimit(ctx.pool, { key: `reset:ip:${ipKey(ctx, ip ?? 'unknown')}`, ...PASSWORD_RESET_IP_LIMIT }, now),
    reserveRateLimit(ctx.pool, { key: `reset:email:${ctx.cipher.hmac(`email:${email}`)}`, ...PASSWORD_RESET_EMAIL_LIMIT }, now),
  ]);
  const refused = limits.filter((l) => !l.allowed);
  if (refused.length > 0) {
    ctx.log.warn('password reset request rate limited');
    return { ok: false, reason: 'rate_limited', retryAfter: Math.max(...refused.map((l) => l.retryAfter)) };
  }
  const { token, hash } = newResetToken();
  const user = email ? await ctx.db.staffUser.findUnique({ where: { email }, select: { id: true, email: true, disabled: true } }) : null;
  if (user && !user.disabled) {
    if (ctx.mailEnabled) {
      const expiresAt = new Date(now.getTime() + PASSWORD_RESET_MS);
      await ctx.db.$transaction(async (tx) => {
        // Expired links of anybody are of no use: the table holds only open ones.
        await tx.passwordResetToken.deleteMany({ where: { expiresAt: { lte: now } } });
        // One row per user: the newest link replaces the older one, which stops working.
        await tx.passwordResetToken.upsert({
          where: { staffUserId: user.id },
          create: { staffUserId: user.id, tokenHash: hash, createdAt: now, expiresAt },
          update: { tokenHash: hash, createdAt: now, expiresAt },
        });
        await enqueueMail(tx, {
          idempotencyKey: `password-reset:${hash}`,
          to: user.email,
          subject: '[Banditore] Scegli una nuova password',
          text: [
            'Qualcuno, forse tu, ha chiesto di reimpostare la password del tuo account nell’area redazione di Banditore.',
            '',
            `Per sceglierne una nuova apri questo link entro ${PASSWORD_RESET_MS / 60_000} minuti (vale una volta sola):`,
            resetLink(ctx.publicUrl, token),
            '',
            'Dopo il cambio tutte le sessioni aperte con il tuo account verranno chiuse.',
            'Se non l’hai chiesto tu, ignora questa e-mail: la tua password resta quella di prima.',
          ].join('\n'),
        });
        await recordAudit(ctx, tx, {
          actor: null,
          actorEmail: user.email,
          action: 'password_reset_request',
          target: user.id,
          details: { expiresAt: expiresAt.toISOString() },
          ip: ip ?? undefined,
        });
      });
    } else {
      // Staff learn it from the docs (docs/security.md): without SMTP an admin sets a temporary password.
      ctx.log.warn('password reset requested but SMTP is not configured: nothing mailed', { userId: user.id });
    }
  }
  const wait = (opts.answerMs ?? PASSWORD_RESET_ANSWER_MS) - (Date.now() - started);
  if (wait > 0) await sleep(wait);
  return { ok: true };
}
