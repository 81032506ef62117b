'use client';

import { useActionState, type ReactNode } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { confirmZonesAction, moveZoneAction, zoneStatusAction } from './actions';

/**
 * "Sposta su" / "Sposta giù": a form with the slug posting to a server action, so it works
 * without JavaScript; a refusal appears above the button.
 */
export function MoveZoneForm({ slug, direction, disabled, label }: { slug: string; direction: 'up' | 'down'; disabled: boolean; label: ReactNode }) {
  const [state, action] = useActionState(moveZoneAction, IDLE);
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
 * Retire (after a second click, inside <details>, with what it means for who chose it) or
 * reactivate. One form for both, so the answer stays on the page when the zone changes state.
 */
export function ZoneStatusForm({ slug, name, active, subscribers }: { slug: string; name: string; active: boolean; subscribers: string }) {
  const [state, action] = useActionState(zoneStatusAction, IDLE);
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
            «{name}» non sarà più offerta nella lista «Zone» in chat, dall’API e ai nuovi avvisi. Chi l’ha scelta ({subscribers}) tiene le sue altre zone; chi
            aveva scelto solo questa riceverà gli avvisi di tutto il Comune. Le scelte restano salvate: riattivandola tornano come prima.
          </p>
          <SubmitButton variant="danger" className="btn-sm">{`Sì, ritira «${name}»`}</SubmitButton>
        </form>
      </details>
    </>
  );
}

/** "Confermo l’elenco", under the notice about the example zones. */
export function ConfirmZonesForm() {
  const [state, action] = useActionState(confirmZonesAction, IDLE);
  return (
    <form action={action}>
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <SubmitButton className="btn-sm">Confermo l’elenco</SubmitButton>
    </form>
  );
}
