'use server';

import { headers } from 'next/headers';
import type { PreferencesState } from '@/components/public/preferences/state';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { CLIENT_IP_HEADER } from '@/lib/http/client-ip';
import { reserveRateLimit } from '@/lib/security/rate-limit';
import { leaveFromPreferences } from '@/lib/subscriptions/leave-from-preferences';
import { savePreferences } from '@/lib/subscriptions/save-preferences';

/** Per IP: far more than a person needs, far too few to try links (which are 256-bit and signed anyway). */
const PREFERENCES_IP_LIMIT = { limit: 30, windowSeconds: 10 * 60 } as const;
const TRY_LATER = 'Troppi tentativi da questa connessione. Riprova tra qualche minuto.';
const UNEXPECTED = 'Non è stato possibile salvare. Riprova tra poco.';

const strings = (fd: FormData, name: string) => fd.getAll(name).filter((v): v is string => typeof v === 'string');

async function braked(): Promise<boolean> {
  const ctx = getAppContext();
  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? 'unknown';
  const r = await reserveRateLimit(ctx.pool, { key: `preferences:ip:${ctx.cipher.hmac(`ip:${ip}`)}`, ...PREFERENCES_IP_LIMIT }, ctx.now());
  return !r.allowed;
}

/** "Salva le scelte" on /preferenze. */
export async function savePreferencesAction(prev: PreferencesState, fd: FormData): Promise<PreferencesState> {
  const ctx = getAppContext();
  const seq = prev.seq + 1;
  try {
    if (await braked()) return { status: 'error', message: TRY_LATER, seq };
    const r = await savePreferences(ctx, { token: fd.get('t'), topics: strings(fd, 'topics'), zones: strings(fd, 'zones') });
    if (!r.ok) return { status: 'expired', seq };
    return { status: 'saved', topics: r.topics, zones: r.zones, seq };
  } catch (e) {
    if (isAppError(e) && e.code === 'invalid_input') return { status: 'error', message: e.userMessage, seq };
    ctx.log.error('preferences save failed', { error: e });
    return { status: 'error', message: UNEXPECTED, seq };
  }
}

/** "Cancellami dal servizio" on /preferenze, after its confirmation box. */
export async function leaveAction(prev: PreferencesState, fd: FormData): Promise<PreferencesState> {
  const ctx = getAppContext();
  const seq = prev.seq + 1;
  if (fd.get('confirm') !== 'on') return { status: 'error', message: 'Per cancellarti spunta prima la casella di conferma.', seq, field: 'confirm' };
  try {
    if (await braked()) return { status: 'error', message: TRY_LATER, seq };
    return (await leaveFromPreferences(ctx, { token: fd.get('t') })) ? { status: 'left', seq } : { status: 'expired', seq };
  } catch (e) {
    ctx.log.error('preferences leave failed', { error: e });
    return { status: 'error', message: UNEXPECTED, seq };
  }
}
