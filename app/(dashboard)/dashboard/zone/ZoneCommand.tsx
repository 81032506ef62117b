'use client';

import { useActionState, type ComponentProps } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { ItemStatusForm, MoveItemForm } from '@/components/dashboard/ListItemCommands';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { confirmZonesAction, moveZoneAction, zoneStatusAction } from './actions';

/** "Sposta su" / "Sposta giù" for a zone (components/dashboard/ListItemCommands.tsx). */
export function MoveZoneForm(props: Omit<ComponentProps<typeof MoveItemForm>, 'action'>) {
  return <MoveItemForm action={moveZoneAction} {...props} />;
}

/** Retire a zone (saying what it means for who chose it) or reactivate it. */
export function ZoneStatusForm({ slug, name, active, subscribers }: { slug: string; name: string; active: boolean; subscribers: string }) {
  return (
    <ItemStatusForm
      action={zoneStatusAction}
      slug={slug}
      name={name}
      active={active}
      consequences={
        <>
          «{name}» non sarà più offerta nella lista «Zone» in chat, dall’API e ai nuovi avvisi. Chi l’ha scelta ({subscribers}) tiene le sue altre zone; chi
          aveva scelto solo questa riceverà gli avvisi di tutto il Comune. Le scelte restano salvate: riattivandola tornano come prima.
        </>
      }
    />
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
