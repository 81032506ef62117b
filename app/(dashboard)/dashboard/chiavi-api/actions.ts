'use server';

import { revalidatePath } from 'next/cache';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { formatRome } from '@/components/dashboard/format';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';

/** Admins only: each action checks the role itself; the use cases check it again. */
export async function createApiKeyAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { name = '', expiresInDays = '' } = formValues(fd);
  const scopes = fd.getAll('scopes').filter((v): v is string => typeof v === 'string');
  try {
    const k = await createApiKey(ctx, { actor, input: { name, scopes, expiresInDays } });
    revalidatePath('/dashboard/chiavi-api');
    return {
      status: 'ok',
      message: `Chiave «${k.name}» creata (permessi: ${k.scopes.join(', ')}; scade il ${formatRome(k.expiresAt)}). Copiala ora e conservala in un posto sicuro: non sarà più mostrata.`,
      secret: k.key,
    };
  } catch (e) {
    return actionError(e, ctx.log, { name, expiresInDays, scopes: scopes.join(',') });
  }
}

export async function revokeApiKeyAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { id = '' } = formValues(fd);
  try {
    const r = await revokeApiKey(ctx, { actor, id });
    revalidatePath('/dashboard/chiavi-api');
    return { status: 'ok', message: `Chiave «${r.name}» revocata: da ora le richieste con questa chiave sono rifiutate.` };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
