'use client';

import { useActionState, type ReactNode } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { moveTopicAction, topicStatusAction } from './actions';

/**
 * "Sposta su" / "Sposta giù": a form with the slug posting to a server action, so it works
 * without JavaScript; a refusal appears above the button.
 */
export function MoveTopicForm({ slug, direction, disabled, label }: { slug: string; direction: 'up' | 'down'; disabled: boolean; label: ReactNode }) {
  const [state, action] = useActionState(moveTopicAction, IDLE);
  return (
    <form action={action} className="d-inline-block">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="direction" value={direction} />
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {disabled ? (
        <button type="button" className="btn btn-outline-primary btn-sm" disabled>
          {label}
        </button>
      ) : (
        <SubmitButton variant="outline-primary" className="btn-sm">
          {label}
        </SubmitButton>
      )}
    </form>
  );
}

/**
 * Retire (after a second click, inside <details>, with what it means for the followers) or
 * reactivate. One form for both, so the answer stays on the page when the topic changes state.
 */
export function TopicStatusForm({ slug, name, active, followers }: { slug: string; name: string; active: boolean; followers: string }) {
  const [state, action] = useActionState(topicStatusAction, IDLE);
  const notice = state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null;
  if (!active) {
    return (
      <form action={action} className="mt-2">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="op" value="reactivate" />
        {notice}
        <SubmitButton className="btn-sm">{`Riattiva «${name}»`}</SubmitButton>
      </form>
    );
  }
  return (
    <>
      {notice}
      <details className="mt-2">
        <summary className="text-danger">
          Ritira<span className="visually-hidden"> «{name}»</span>…
        </summary>
        <form action={action} className="mt-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="op" value="retire" />
          <p className="small mb-2">
            «{name}» non sarà più offerto nel modulo, in chat e dall’API, e i nuovi avvisi non potranno sceglierlo. Chi lo segue ({followers}) sarà informato:
            quando scrive «Argomenti» legge che non è più disponibile. Chi seguiva solo questo argomento riceverà gli avvisi di tutti gli argomenti attivi. Le
            scelte restano salvate: riattivandolo tornano come prima.
          </p>
          <SubmitButton variant="danger" className="btn-sm">{`Sì, ritira «${name}»`}</SubmitButton>
        </form>
      </details>
    </>
  );
}
