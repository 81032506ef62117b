import Link from 'next/link';
import { Notice } from '../Notice';

/** Before the launch only test sends are allowed: said where editors would otherwise try to send. */
export function LaunchNotice() {
  return (
    <Notice kind="warning">
      <strong>Il servizio non è ancora partito.</strong> Finché un amministratore non lo avvia puoi scrivere avvisi e inviarne una prova al tuo numero, ma non
      inviarli agli iscritti né programmarli. <Link href="/dashboard/lancio">Vedi l’avvio del servizio</Link>.
    </Notice>
  );
}
