'use server';

import { revalidatePath } from 'next/cache';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { invalidInput } from '@/lib/errors';
import { createTopic } from '@/lib/subscriptions/create-topic';
import { listTopics } from '@/lib/subscriptions/list-topics';
import { reactivateTopic } from '@/lib/subscriptions/reactivate-topic';
import { reorderTopics } from '@/lib/subscriptions/reorder-topics';
import { retireTopic } from '@/lib/subscriptions/retire-topic';
import { updateTopic } from '@/lib/subscriptions/update-topic';

/** Admins only: each action checks the role itself; the use cases check it again. */
const PATH = '/dashboard/argomenti';

export async function createTopicAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { name = '', description = '' } = formValues(fd);
  try {
    const t = await createTopic(ctx, { actor, input: { name, description } });
    revalidatePath(PATH);
    return { status: 'ok', message: `Argomento «${name.trim()}» creato (identificativo ${t.slug}): da ora è nel modulo di iscrizione e nella lista in chat.` };
  } catch (e) {
    return actionError(e, ctx.log, { name, description });
  }
}

export async function updateTopicAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { slug = '', name = '', description = '' } = formValues(fd);
  try {
    await updateTopic(ctx, { actor, slug, input: { name, description } });
    revalidatePath(PATH);
    return { status: 'ok', message: `Argomento «${name.trim()}» salvato.` };
  } catch (e) {
    return actionError(e, ctx.log, { name, description });
  }
}

/** One step up or down: the whole order is sent to the use case, which checks it names every topic once. */
export async function moveTopicAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { slug = '', direction = '' } = formValues(fd);
  try {
    const slugs = (await listTopics(ctx, { actor })).map((t) => t.slug);
    const i = slugs.indexOf(slug);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || (direction !== 'up' && direction !== 'down')) throw invalidInput('Argomento non trovato: ricarica la pagina e riprova.');
    if (j < 0 || j >= slugs.length) return { status: 'ok', message: direction === 'up' ? 'È già il primo.' : 'È già l’ultimo.' };
    [slugs[i], slugs[j]] = [slugs[j]!, slugs[i]!];
    await reorderTopics(ctx, { actor, slugs });
    revalidatePath(PATH);
    return { status: 'ok' };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}

/** Retire or reactivate (`op`), from one form per topic, so its answer stays on the page after the change. */
export async function topicStatusAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const { slug = '', op = '' } = formValues(fd);
  try {
    if (op === 'reactivate') {
      await reactivateTopic(ctx, { actor, slug });
      revalidatePath(PATH);
      return { status: 'ok', message: 'Argomento riattivato: chi lo seguiva prima lo segue di nuovo.' };
    }
    if (op !== 'retire') throw invalidInput('Operazione sconosciuta: ricarica la pagina e riprova.');
    const r = await retireTopic(ctx, { actor, slug });
    revalidatePath(PATH);
    const given = r.givenEveryTopic > 0 ? ` ${r.givenEveryTopic} di loro seguivano solo questo e ora ricevono tutti gli argomenti attivi.` : '';
    return {
      status: 'ok',
      message: `Argomento ritirato. Iscritti che lo seguivano: ${r.followers}; lo vedranno indicato come non più disponibile quando scrivono «Argomenti».${given}`,
    };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
