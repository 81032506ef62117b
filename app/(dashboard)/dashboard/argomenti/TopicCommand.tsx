'use client';

import { useActionState, type ReactNode } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { moveTopicAction, reactivateTopicAction, retireTopicAction } from './actions';

const ACTIONS = { move: moveTopicAction, retire: retireTopicAction, reactivate: reactivateTopicAction };

/**
 * One button on a topic (move up or down, retire, reactivate): a form with the slug posting to a
 * server action, so it works without JavaScript; the answer or the refusal appears above it.
 */
export function TopicCommand({
  op,
  slug,
  direction,
  label,
  variant = 'outline-primary',
  disabled = false,
  children,
}: {
  op: keyof typeof ACTIONS;
  slug: string;
  direction?: 'up' | 'down';
  label: ReactNode;
  variant?: string;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const [state, action] = useActionState(ACTIONS[op], IDLE);
  return (
    <form action={action} className="d-inline-block">
      <input type="hidden" name="slug" value={slug} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {children}
      {disabled ? (
        <button type="button" className={`btn btn-${variant} btn-sm`} disabled>
          {label}
        </button>
      ) : (
        <SubmitButton variant={variant} className="btn-sm">
          {label}
        </SubmitButton>
      )}
    </form>
  );
}
