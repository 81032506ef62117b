'use client';

import { useActionState, type ReactNode } from 'react';
import { firstError, IDLE, type ActionState } from '../action-state';
import { Notice } from '../Notice';
import { SubmitButton } from '../SubmitButton';

export type CommandAction = (prev: ActionState, fd: FormData) => Promise<ActionState>;

/**
 * One button of the alert page (send a test, send, approve, cancel, duplicate, resume): a form
 * with the alert id and the operation, posting to the page's server action. Works without
 * JavaScript; the answer (or the refusal, in plain Italian) appears above the button.
 */
export function CommandForm({
  action,
  alertId,
  op,
  label,
  pendingLabel = 'Attendere…',
  variant = 'primary',
  children,
  describedBy,
}: {
  action: CommandAction;
  alertId: string;
  op: string;
  label: string;
  pendingLabel?: string;
  variant?: string;
  /** Extra, static fields (e.g. a hidden value). */
  children?: ReactNode;
  describedBy?: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="mb-3" aria-describedby={describedBy}>
      <input type="hidden" name="alertId" value={alertId} />
      <input type="hidden" name="op" value={op} />
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {children}
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
    </form>
  );
}

/** Date and time (Europe/Rome) for "Programma". */
export function ScheduleForm({ action, alertId, min, defaultValue }: { action: CommandAction; alertId: string; min: string; defaultValue: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  const error = firstError(state, 'scheduledAt');
  return (
    <form action={formAction} className="mb-3" aria-labelledby="schedule-title">
      <h3 id="schedule-title" className="h6">
        Programma l’invio
      </h3>
      <input type="hidden" name="alertId" value={alertId} />
      <input type="hidden" name="op" value="schedule" />
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <div className="form-group">
        <label htmlFor="f-scheduledAt" className="active">
          Data e ora (ora italiana)
        </label>
        <input
          id="f-scheduledAt"
          name="scheduledAt"
          type="datetime-local"
          className={`form-control${error ? ' is-invalid' : ''}`}
          min={min}
          defaultValue={state.values?.scheduledAt ?? defaultValue}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'f-scheduledAt-help f-scheduledAt-error' : 'f-scheduledAt-help'}
        />
        <small id="f-scheduledAt-help" className="form-text">
          Un avviso normale che cade nelle ore di silenzio parte quando finiscono.
        </small>
        {error ? (
          <div id="f-scheduledAt-error" className="text-danger small mt-1">
            {error}
          </div>
        ) : null}
      </div>
      <SubmitButton variant="outline-primary">Programma</SubmitButton>
    </form>
  );
}
