'use client';

import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import type { PreferencesView } from '@/lib/subscriptions/preferences-view';
import { PREFERENCES_IDLE, type PreferencesAction, type PreferencesState } from './state';

interface Props {
  token: string;
  view: PreferencesView;
  save: PreferencesAction;
  leave: PreferencesAction;
}

/**
 * The preferences page's two forms: the choices (topics, zones) and leaving the service. Plain
 * forms posting to server actions, so they work without JavaScript; the answer replaces the
 * forms, and focus moves to it so a screen reader announces it.
 */
export function PreferencesForm({ token, view, save, leave }: Props) {
  const [saved, saveAction, saving] = useActionState(save, PREFERENCES_IDLE);
  const [left, leaveAction, leaving] = useActionState(leave, PREFERENCES_IDLE);
  const outcome: PreferencesState =
    left.seq > 0 && left.status !== 'error' ? left : saved.status !== 'idle' && saved.status !== 'error' ? saved : PREFERENCES_IDLE;
  const answerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome.status !== 'idle') answerRef.current?.focus();
  }, [outcome.status]);

  if (outcome.status === 'saved') {
    return (
      <div ref={answerRef} tabIndex={-1} className="callout success" role="status">
        <h2 className="h3">Preferenze salvate</h2>
        <p>
          <strong>Argomenti:</strong> {outcome.topics.join(', ')}.
          <br />
          <strong>Zone:</strong> {outcome.zones.length > 0 ? outcome.zones.join(', ') : 'nessuna: ricevi gli avvisi di tutto il Comune'}.
        </p>
        <p>Ti abbiamo mandato un messaggio su WhatsApp con le tue scelte. Questo link ora non vale più: per cambiarle di nuovo scrivi «Preferenze».</p>
        <Link href="/">Vai alla pagina principale</Link>
      </div>
    );
  }
  if (outcome.status === 'left') {
    return (
      <div ref={answerRef} tabIndex={-1} className="callout success" role="status">
        <h2 className="h3">Ti sei cancellato</h2>
        <p>Non riceverai più avvisi. Il tuo nome e il tuo numero sono stati cancellati. Se cambi idea, scrivi «Iscrivimi» con nome e cognome.</p>
        <Link href="/">Vai alla pagina principale</Link>
      </div>
    );
  }
  if (outcome.status === 'expired') {
    return (
      <div ref={answerRef} tabIndex={-1} role="status">
        <ExpiredText />
      </div>
    );
  }

  const saveError = saved.status === 'error' ? saved.message : null;
  const leaveError = left.status === 'error' ? left.message : null;
  return (
    <>
      <form action={saveAction} aria-labelledby="choices-title" noValidate>
        <input type="hidden" name="t" value={token} />
        <h2 id="choices-title" className="h3">
          Che cosa vuoi ricevere
        </h2>
        {saveError ? (
          <div className="alert alert-danger" role="alert">
            {saveError}
          </div>
        ) : null}
        <fieldset className="mb-4" aria-describedby="pref-topics-hint">
          <legend className="h5 fw-semibold">Argomenti</legend>
          <p id="pref-topics-hint" className="mb-2">
            Scegli almeno un argomento.
          </p>
          {view.topics.map((t) => (
            <div className="form-check" key={t.slug}>
              <input id={`pref-topic-${t.slug}`} type="checkbox" name="topics" value={t.slug} defaultChecked={t.chosen} />
              <label htmlFor={`pref-topic-${t.slug}`}>
                {t.name}
                {t.description ? <span className="d-block small text-muted fw-normal">{t.description}</span> : null}
              </label>
            </div>
          ))}
        </fieldset>
        {view.zones.length > 0 ? (
          <fieldset className="mb-4" aria-describedby="pref-zones-hint">
            <legend className="h5 fw-semibold">Zone</legend>
            <p id="pref-zones-hint" className="mb-2">
              Scegli il quartiere o la frazione che ti interessa; puoi sceglierne più di uno. Se non scegli nessuna zona ricevi gli avvisi di tutto il Comune.
              Gli avvisi per tutto il Comune ti arrivano sempre.
            </p>
            <div className="row">
              {view.zones.map((z) => (
                <div className="form-check col-sm-6" key={z.slug}>
                  <input id={`pref-zone-${z.slug}`} type="checkbox" name="zones" value={z.slug} defaultChecked={z.chosen} />
                  <label htmlFor={`pref-zone-${z.slug}`}>
                    {z.name}
                    <span className="d-block small text-muted fw-normal">{z.kind === 'FRAZIONE' ? 'Frazione' : 'Quartiere'}</span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={saving} aria-disabled={saving}>
          {saving ? 'Salvataggio…' : 'Salva le scelte'}
        </button>
      </form>

      <form action={leaveAction} aria-labelledby="leave-title" className="mt-5 pt-4 border-top" noValidate>
        <input type="hidden" name="t" value={token} />
        <h2 id="leave-title" className="h3">
          Non vuoi più ricevere avvisi?
        </h2>
        <p>Puoi cancellarti qui, come scrivendo «Cancellami» su WhatsApp. Il tuo nome e il tuo numero vengono cancellati subito.</p>
        {leaveError ? (
          <div id="leave-error" className="alert alert-danger" role="alert">
            {leaveError}
          </div>
        ) : null}
        <div className="form-check mb-3">
          <input id="pref-leave-confirm" type="checkbox" name="confirm" aria-describedby={leaveError ? 'leave-error' : undefined} />
          <label htmlFor="pref-leave-confirm">Sì, voglio cancellarmi dal servizio</label>
        </div>
        <button type="submit" className="btn btn-outline-danger" disabled={leaving} aria-disabled={leaving}>
          {leaving ? 'Cancellazione…' : 'Cancellami dal servizio'}
        </button>
      </form>
    </>
  );
}

/** What an expired, used or replaced link shows: the same for all, and nothing about the person. */
export function ExpiredText() {
  return (
    <>
      <h2 className="h3">Questo link non vale più</h2>
      <p>
        Il link è scaduto, è già stato usato oppure ne hai chiesto uno più nuovo. Per cambiare le tue scelte scrivi <strong>Preferenze</strong> al numero
        WhatsApp del Comune: ti manderemo un nuovo link.
      </p>
      <Link href="/">Vai alla pagina principale</Link>
    </>
  );
}
