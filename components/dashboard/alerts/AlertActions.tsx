import Link from 'next/link';
import type { AlertView } from '@/lib/alerts/get-alert';
import { CommandForm, ScheduleForm, type CommandAction } from './CommandForm';
import { people } from './labels';

export const CONFIRMS = ['invio', 'annulla', 'ferma', 'rettifica', 'ritira'] as const;
export type Confirm = (typeof CONFIRMS)[number];
export const toConfirm = (v: unknown): Confirm | null => ((CONFIRMS as readonly unknown[]).includes(v) ? (v as Confirm) : null);

export interface ActionContext {
  action: CommandAction;
  /** The service is launched: sending and scheduling are open. */
  launched: boolean;
  /** The editor's own number, masked, or null (then: link to the profile). */
  ownPhone: string | null;
  /** Who would receive it now (open alerts). */
  recipients: number | null;
  /** `?conferma=…`: the confirmation step is showing (send, cancel, stop, correction, withdrawal). */
  confirm: Confirm | null;
  /** Who a correction would reach now (sent alerts), or null. */
  correctionRecipients?: number | null;
  /** Sentences for the send confirmation (quiet hours, four-eyes), already decided by the page. */
  sendNotes: string[];
  nowInput: string;
}

/** The buttons an alert offers, from `alert.can` (the domain's own permissions) and the launch state. */
export function AlertActions({ alert, ctx }: { alert: AlertView; ctx: ActionContext }) {
  const base = `/dashboard/avvisi/${alert.id}`;
  const { can } = alert;
  const canSend = can.sendNow && ctx.launched && !alert.isWelcome;
  const canSchedule = can.schedule && ctx.launched && !alert.isWelcome;
  const paused = alert.status === 'PAUSED' && can.duplicate;
  const open = alert.status === 'DRAFT' || alert.status === 'PENDING_APPROVAL' || alert.status === 'SCHEDULED';
  const showTest = can.sendTest && !alert.isWelcome && open;
  const showEdit = can.edit && !alert.isWelcome;
  const showDuplicate = can.duplicate && !alert.isWelcome;
  if (!(showTest || canSend || canSchedule || showEdit || can.approve || can.cancel || showDuplicate || paused || can.stop || can.correct || can.withdraw))
    return null;
  const back = (
    <Link href={base} className="btn btn-outline-primary">
      No, torna indietro
    </Link>
  );

  if (ctx.confirm === 'ferma' && can.stop) {
    return (
      <section aria-labelledby="confirm-title" className="callout callout-highlight mb-4">
        <h2 id="confirm-title" className="h4">
          Vuoi fermare l’invio di questo avviso?
        </h2>
        <p>
          I messaggi non ancora partiti non verranno inviati: l’invio si ferma entro un paio di secondi. Quelli già arrivati restano sui telefoni; per
          correggerli, dopo, potrai inviare una rettifica a chi li ha ricevuti. Non si può riprendere.
        </p>
        <div className="d-flex flex-wrap gap-3 align-items-start">
          <CommandForm action={ctx.action} alertId={alert.id} op="stop" label="Sì, ferma l’invio" pendingLabel="Arresto in corso…" variant="danger" />
          {back}
        </div>
      </section>
    );
  }
  if (ctx.confirm === 'rettifica' && can.correct) {
    const n = ctx.correctionRecipients ?? 0;
    return (
      <section aria-labelledby="confirm-title" className="callout callout-highlight mb-4">
        <h2 id="confirm-title" className="h4">
          Invia una rettifica
        </h2>
        <p id="correction-help">
          La rettifica arriva su WhatsApp a {people(n)} che {n === 1 ? 'ha' : 'hanno'} ricevuto questo avviso e {n === 1 ? 'è' : 'sono'} ancora{' '}
          {n === 1 ? 'iscritta' : 'iscritte'}, e compare nell’archivio pubblico accanto all’originale. Il titolo inizia con «Rettifica:».
          {alert.urgency === 'normal' ? ' Come ogni avviso normale, nelle ore di silenzio aspetta il mattino.' : ''}
        </p>
        <CommandForm
          action={ctx.action}
          alertId={alert.id}
          op="correct"
          label="Invia la rettifica"
          pendingLabel="Invio in corso…"
          describedBy="correction-help"
        >
          <div className="form-group mb-3">
            <label htmlFor="correction-title" className="active">
              Titolo della rettifica
            </label>
            <input id="correction-title" name="title" className="form-control" required maxLength={200} defaultValue={alert.title} />
          </div>
          <div className="form-group mb-3">
            <label htmlFor="correction-body" className="active">
              Testo corretto
            </label>
            <textarea id="correction-body" name="body" className="form-control" required rows={6} maxLength={1024} defaultValue={alert.body} />
          </div>
        </CommandForm>
        {back}
      </section>
    );
  }
  if (ctx.confirm === 'ritira' && can.withdraw) {
    return (
      <section aria-labelledby="confirm-title" className="callout callout-highlight mb-4">
        <h2 id="confirm-title" className="h4">
          Vuoi ritirare questo avviso dall’archivio pubblico?
        </h2>
        <p>
          Sparisce dalla pagina pubblica degli avvisi e dai feed RSS e Atom. Chi apre un link già condiviso vedrà «Avviso ritirato», senza il testo. I messaggi
          già arrivati su WhatsApp restano: per avvisare chi li ha ricevuti invia una rettifica.
        </p>
        <div className="d-flex flex-wrap gap-3 align-items-start">
          <CommandForm action={ctx.action} alertId={alert.id} op="withdraw" label="Sì, ritira dall’archivio" variant="danger" />
          {back}
        </div>
      </section>
    );
  }

  if (ctx.confirm === 'invio' && canSend) {
    return (
      <section aria-labelledby="confirm-title" className="callout callout-highlight mb-4">
        <h2 id="confirm-title" className="h4">
          Confermi l’invio a {people(ctx.recipients ?? 0)}?
        </h2>
        {ctx.sendNotes.map((n) => (
          <p key={n}>{n}</p>
        ))}
        <div className="d-flex flex-wrap gap-3 align-items-start">
          <CommandForm action={ctx.action} alertId={alert.id} op="send" label="Sì, invia ora" pendingLabel="Invio in corso…" />
          <Link href={base} className="btn btn-outline-primary">
            No, torna indietro
          </Link>
        </div>
      </section>
    );
  }
  if (ctx.confirm === 'annulla' && can.cancel) {
    return (
      <section aria-labelledby="confirm-title" className="callout callout-highlight mb-4">
        <h2 id="confirm-title" className="h4">
          Vuoi annullare questo avviso?
        </h2>
        <p>Non verrà inviato. Potrai sempre duplicarlo per riusarne il testo.</p>
        <div className="d-flex flex-wrap gap-3 align-items-start">
          <CommandForm action={ctx.action} alertId={alert.id} op="cancel" label="Sì, annulla l’avviso" variant="danger" />
          <Link href={base} className="btn btn-outline-primary">
            No, torna indietro
          </Link>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="actions-title" className="mb-4">
      <h2 id="actions-title" className="h4">
        Azioni
      </h2>
      {showTest ? (
        ctx.ownPhone ? (
          <>
            <p id="test-help" className="mb-2">
              La prova arriva solo a te, al numero {ctx.ownPhone}, esattamente come la riceveranno gli iscritti.
            </p>
            <CommandForm
              action={ctx.action}
              alertId={alert.id}
              op="test"
              label="Invia un test al mio numero"
              variant="outline-primary"
              describedBy="test-help"
            />
          </>
        ) : (
          <p>
            Per ricevere una prova su WhatsApp <Link href="/dashboard/profilo">aggiungi il tuo numero nel profilo</Link>.
          </p>
        )
      ) : null}
      {can.approve ? (
        <CommandForm action={ctx.action} alertId={alert.id} op="approve" label="Approva l’invio" describedBy="approve-help">
          <p id="approve-help" className="mb-2">
            Hai letto l’avviso e sei d’accordo: partirà come richiesto da chi l’ha scritto.
          </p>
        </CommandForm>
      ) : null}
      {canSend ? (
        <p>
          <Link href={`${base}?conferma=invio`} className="btn btn-primary">
            Invia ora
          </Link>
        </p>
      ) : null}
      {canSchedule ? <ScheduleForm action={ctx.action} alertId={alert.id} min={ctx.nowInput} defaultValue={alert.formValues.scheduledAt ?? ''} /> : null}
      {paused && alert.hold?.code === 'template_category' ? (
        <Link href="/dashboard/modelli" className="btn btn-primary">
          Decidi sul modello
        </Link>
      ) : paused && alert.hold?.code === 'number_quality' ? (
        <p>Riparte da solo quando Meta segnala di nuovo buona la qualità del numero. Gli avvisi urgenti partono comunque.</p>
      ) : paused ? (
        <CommandForm action={ctx.action} alertId={alert.id} op="resume" label="Riprendi l’invio" />
      ) : null}
      {can.stop ? (
        <p>
          <Link href={`${base}?conferma=ferma`} className="btn btn-danger">
            Ferma l’invio
          </Link>
        </p>
      ) : null}
      <div className="d-flex flex-wrap gap-3 align-items-start">
        {showEdit ? (
          <Link href={`${base}/modifica`} className="btn btn-outline-primary">
            Modifica
          </Link>
        ) : null}
        {showDuplicate ? <CommandForm action={ctx.action} alertId={alert.id} op="duplicate" label="Duplica" variant="outline-primary" /> : null}
        {can.cancel ? (
          <Link href={`${base}?conferma=annulla`} className="btn btn-outline-danger">
            Annulla l’avviso
          </Link>
        ) : null}
        {can.correct ? (
          <Link href={`${base}?conferma=rettifica`} className="btn btn-outline-primary">
            Invia una rettifica
          </Link>
        ) : null}
        {can.withdraw ? (
          <Link href={`${base}?conferma=ritira`} className="btn btn-outline-danger">
            Ritira dall’archivio
          </Link>
        ) : null}
      </div>
    </section>
  );
}
