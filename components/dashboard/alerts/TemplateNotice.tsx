import Link from 'next/link';
import type { TemplateState } from '@/lib/templates/load-template';
import { Notice } from '../Notice';

const WHY: Record<string, string> = {
  NOT_SUBMITTED: 'non è ancora stato inviato a Meta per l’approvazione',
  PENDING: 'è in revisione da Meta (di solito pochi minuti, al massimo 24 ore)',
  REJECTED: 'è stato rifiutato da Meta',
  PAUSED: 'è sospeso da Meta',
  DISABLED: 'è stato disattivato da Meta',
};

/** Only when the alert template cannot be used: the editor needs to know, not the mechanics. */
export function TemplateNotice({ template }: { template: Pick<TemplateState, 'approved' | 'status' | 'name'> }) {
  if (template.approved) return null;
  return (
    <Notice kind="warning">
      Il modello di messaggio WhatsApp «{template.name}» {WHY[template.status] ?? `ha lo stato ${template.status}`}: puoi scrivere l’avviso, ma per ora non si
      può inviare. <Link href="/dashboard/modelli">Vedi i modelli</Link>.
    </Notice>
  );
}
