import QRCode from 'qrcode';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError, invalidInput } from '../errors';
import { loadSettings } from '../settings/store';
import { reauthenticate } from './reauthenticate';
import { totpMandatoryFor, type StaffActor } from './session-check';
import { generateTotpSecret, totpUri, verifyTotp } from './totp';

/**
 * TOTP set-up from the profile: start (a new secret, stored encrypted but not yet enabled), show
 * the QR code, confirm with a first code (which proves the app has it), or switch it off again
 * (with the password and a current code, and only when it is not mandatory for this user).
 */
export interface PendingTotp {
  uri: string;
  /** Base32, for typing into the app by hand. */
  secret: string;
  qrSvg: string;
}

export async function getTotpState(
  ctx: AppContext,
  { actor }: { actor: StaffActor },
): Promise<{ enabled: boolean; required: boolean; pending: PendingTotp | null }> {
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  const settings = await loadSettings(ctx.db);
  let pending: PendingTotp | null = null;
  if (!user.totpEnabled && user.totpSecretEnc) {
    const secret = ctx.cipher.decrypt(user.totpSecretEnc);
    const uri = totpUri(secret, user.email, settings.serviceName);
    pending = { uri, secret, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
  }
  return { enabled: user.totpEnabled, required: totpMandatoryFor(settings, user.role), pending };
}

export async function startTotpSetup(ctx: AppContext, { actor }: { actor: StaffActor }): Promise<void> {
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (user.totpEnabled) throw new AppError('conflict', 'La verifica in due passaggi è già attiva.');
  await ctx.db.staffUser.update({ where: { id: user.id }, data: { totpSecretEnc: ctx.cipher.encrypt(generateTotpSecret()), totpLastStep: null } });
}

export async function confirmTotpSetup(ctx: AppContext, { actor, code }: { actor: StaffActor; code: string }): Promise<void> {
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (user.totpEnabled) return;
  if (!user.totpSecretEnc) throw new AppError('conflict', 'Avvia di nuovo la configurazione.');
  const check = verifyTotp(ctx.cipher.decrypt(user.totpSecretEnc), code, ctx.now(), null);
  if (!check.ok) {
    const message = 'Codice non valido. Controlla che l’ora del telefono sia corretta e riprova.';
    throw invalidInput(message, { code: [message] });
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { totpEnabled: true, totpLastStep: check.step } });
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { field: 'totp', to: 'enabled' } });
  });
}

/**
 * Removing TOTP takes the password and a current code (an intruder with an open session and the
 * password alone cannot strip the second factor), with the re-authentication brakes.
 */
export async function disableOwnTotp(
  ctx: AppContext,
  { actor, sessionId, password, code }: { actor: StaffActor; sessionId: string; password: string; code: string },
): Promise<void> {
  const settings = await loadSettings(ctx.db, { fresh: true });
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (totpMandatoryFor(settings, user.role)) {
    throw new AppError('forbidden', 'La verifica in due passaggi è obbligatoria: non si può disattivare.');
  }
  if (!user.totpEnabled) return;
  await reauthenticate(ctx, { actor, sessionId, password, passwordField: 'password', code, requireCode: true });
  await ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { totpEnabled: false, totpSecretEnc: null, totpLastStep: null } });
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { field: 'totp', to: 'disabled' } });
  });
}
