'use client';

import { useActionState, type ReactNode } from 'react';
import { IDLE, type ActionState } from './action-state';
import { Notice } from './Notice';
import { SubmitButton } from './SubmitButton';

/** A server action of the list pages (topics, zones): it reads `slug` and its own fields. */
export type ItemAction = (prev: ActionState, fd: FormData) => Promise<ActionState>;

const answer = (state: ActionState) => (state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null);

/**
 * "Sposta su" / "Sposta giù" on a list page (topics, zones): a form with the slug posting to the
 * page's server action, so it works without JavaScript; a refusal appears above the button.
 */
export function MoveItemForm({
  action: act,
  slug,
  direction,
  disabled,
  label,
}: {
  action: ItemAction;
  slug: string;
  direction: 'up' | 'down';
  disabled: boolean;
  label: ReactNode;
}) {
  const [state, action] = useActionState(act, IDLE);
  return (
    <form action={action} className="d-inline-block">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="direction" value={direction} />
      {answer(state)}
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
 * Retire (after a second click, inside <details>, with `consequences`: what it means for the
 * people who chose the item) or reactivate (`op` retire / reactivate). One form for both, so the
 * answer stays on the page when the item changes state.
 */
export function ItemStatusForm({
  action: act,
  slug,
  name,
  active,
  consequences,
}: {
  action: ItemAction;
  slug: string;
  name: string;
  active: boolean;
  consequences: ReactNode;
}) {
  const [state, action] = useActionState(act, IDLE);
  if (!active) {
    return (
      <form action={action} className="mt-2">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="op" value="reactivate" />
        {answer(state)}
        <SubmitButton className="btn-sm">{`Riattiva «${name}»`}</SubmitButton>
      </form>
    );
  }
  return (
    <>
      {answer(state)}
      <details className="mt-2">
        <summary className="text-danger">
          Ritira<span className="visually-hidden"> «{name}»</span>…
        </summary>
        <form action={action} className="mt-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="op" value="retire" />
          <p className="small mb-2">{consequences}</p>
          <SubmitButton variant="danger" className="btn-sm">{`Sì, ritira «${name}»`}</SubmitButton>
        </form>
      </details>
    </>
  );
}
