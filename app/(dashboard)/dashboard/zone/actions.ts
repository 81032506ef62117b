'use server';

import { revalidatePath } from 'next/cache';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { invalidInput } from '@/lib/errors';
import { confirmExampleZones } from '@/lib/zones/confirm-example-zones';
import { createZone } from '@/lib/zones/create-zone';
import { listZones } from '@/lib/zones/list-zones';
import { reactivateZone } from '@/lib/zones/reactivate-zone';
import { reorderZones } from '@/lib/zones/reorder-zones';
import { retireZone } from '@/lib/zones/retire-zone';
import { updateZone } from '@/lib/zones/update-zone';
import type { ZoneKind } from '@/lib/zones/zone-schema';

/** Admins only: each action checks the role itself; the use cases check it again. */
const PATH = '/dashboard/zone';

/** The form's values as the use cases take them (an unknown kind is refused by the schema, on the field). */
const fields = (v: Record<string, string>) => ({ name: v.name ?? '', kind: (v.kind ?? '') as ZoneKind, description: v.description ?? '' });

export async function createZoneAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const input = fields(formValues(fd));
  try {
    const z = await createZone(ctx, { actor, input });
    revalidatePath(PATH);
    return { status: 'ok', message: `Zona «${input.name.trim()}» creata (identificativo ${z.slug}): da ora è nella lista «Zone» in chat.` };
  } catch (e) {
    return actionError(e, ctx.log, input);
  }
}

export async function updateZoneAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const v = formValues(fd);
  const input = fields(v);
  try {
    await updateZone(ctx, { actor, slug: v.slug ?? '', input });
    revalidatePath(PATH);
    return { status: 'ok', message: `Zona «${input.name.trim()}» salvata.` };
  } catch (e) {
    return actionError(e, ctx.log, input);
  }
}

/** One step up or down: the whole order is sent to the use case, which checks it names every zone once. */
export async function moveZoneAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { slug = '', direction = '' } = formValues(fd);
  try {
    const slugs = (await listZones(ctx, { actor })).map((z) => z.slug);
    const i = slugs.indexOf(slug);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || (direction !== 'up' && direction !== 'down')) throw invalidInput('Zona non trovata: ricarica la pagina e riprova.');
    if (j < 0 || j >= slugs.length) return { status: 'ok', message: direction === 'up' ? 'È già la prima.' : 'È già l’ultima.' };
    [slugs[i], slugs[j]] = [slugs[j]!, slugs[i]!];
    await reorderZones(ctx, { actor, slugs });
    revalidatePath(PATH);
    return { status: 'ok' };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}

/** Retire or reactivate (`op`), from one form per zone, so its answer stays on the page after the change. */
export async function zoneStatusAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { slug = '', op = '' } = formValues(fd);
  try {
    if (op === 'reactivate') {
      await reactivateZone(ctx, { actor, slug });
      revalidatePath(PATH);
      return { status: 'ok', message: 'Zona riattivata: chi l’aveva scelta la ritrova tra le sue zone.' };
    }
    if (op !== 'retire') throw invalidInput('Operazione sconosciuta: ricarica la pagina e riprova.');
    const r = await retireZone(ctx, { actor, slug });
    revalidatePath(PATH);
    const back =
      r.backToWholeTown === 1
        ? ' Uno di loro aveva scelto solo questa e ora riceve gli avvisi di tutto il Comune.'
        : r.backToWholeTown > 1
          ? ` ${r.backToWholeTown} di loro avevano scelto solo questa e ora ricevono gli avvisi di tutto il Comune.`
          : '';
    return { status: 'ok', message: `Zona ritirata. Iscritti che l’avevano scelta: ${r.subscribers}.${back}` };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}

/** "Confermo l’elenco": the example zones become the comune's own. */
export async function confirmZonesAction(): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  try {
    const r = await confirmExampleZones(ctx, { actor });
    revalidatePath(PATH);
    return { status: 'ok', message: r.confirmed > 0 ? `Elenco confermato (${r.confirmed} zone).` : 'L’elenco era già confermato.' };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
