import { Notice } from '../Notice';

const MESSAGES: Record<string, string> = {
  salvato: 'Bozza salvata. Ora puoi inviarne una prova al tuo numero, inviarla o programmarla.',
  modificato: 'Modifiche salvate.',
  duplicato: 'Copia creata come bozza: modificala e salvala.',
  inviato: 'Invio avviato.',
  programmato: 'Avviso programmato.',
  trattenuto: 'È un avviso normale e cade nelle ore di silenzio: partirà quando finiscono (vedi l’orario qui sotto).',
  approvazione: 'L’avviso va a tutti gli iscritti: prima dell’invio serve l’approvazione di un’altra persona della redazione.',
  approvato: 'Avviso approvato.',
  annullato: 'Avviso annullato. Non verrà inviato.',
  ripreso: 'Invio ripreso.',
  fermato: 'Invio fermato: i messaggi non ancora partiti non verranno inviati. Il rapporto qui sotto mostra quanti sono stati annullati.',
  ritirato: 'Avviso ritirato: non compare più nell’archivio pubblico né nei feed RSS e Atom.',
};

/** The result of the last action, carried in `?esito=` across the redirect. */
export function OutcomeNotice({ code }: { code: string | undefined }) {
  const text = code ? MESSAGES[code] : undefined;
  return text ? <Notice kind={code === 'annullato' || code === 'fermato' ? 'info' : 'success'}>{text}</Notice> : null;
}
