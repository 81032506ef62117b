import type { AppContext } from '../context';
import { toWaDigits } from './phone';

/**
 * The confirmation page needs the code and the name to prefill "Iscrivimi Mario Rossi 482913".
 * They travel in an encrypted, expiring token in the page URL, so the page needs no look-up and
 * behaves the same whether or not the number was already known (no enumeration).
 */
export interface ConfirmationDetails {
  code: string;
  firstName: string;
  lastName: string;
  text: string;
  waLink: string;
  displayNumber: string;
  expiresAt: Date;
}

interface TokenBody {
  c: string;
  f: string;
  l: string;
  e: number;
}

export function createConfirmationToken(ctx: AppContext, d: { code: string; firstName: string; lastName: string; expiresAt: Date }): string {
  const body: TokenBody = { c: d.code, f: d.firstName, l: d.lastName, e: d.expiresAt.getTime() };
  return ctx.cipher.encrypt(JSON.stringify(body));
}

export function subscribeText(firstName: string, lastName: string, code?: string): string {
  return ['Iscrivimi', firstName, lastName, code].filter(Boolean).join(' ');
}

export function clickToChatLink(displayNumber: string, text: string): string {
  return `https://wa.me/${toWaDigits(displayNumber)}?text=${encodeURIComponent(text)}`;
}

export function getConfirmationDetails(ctx: AppContext, token: string): ConfirmationDetails | null {
  let body: TokenBody;
  try {
    body = JSON.parse(ctx.cipher.decrypt(token)) as TokenBody;
  } catch {
    return null;
  }
  if (typeof body.c !== 'string' || typeof body.f !== 'string' || typeof body.l !== 'string' || typeof body.e !== 'number') return null;
  const expiresAt = new Date(body.e);
  if (expiresAt.getTime() <= ctx.now().getTime()) return null;
  const text = subscribeText(body.f, body.l, body.c);
  return {
    code: body.c,
    firstName: body.f,
    lastName: body.l,
    text,
    waLink: clickToChatLink(ctx.whatsapp.displayNumber, text),
    displayNumber: ctx.whatsapp.displayNumber,
    expiresAt,
  };
}
