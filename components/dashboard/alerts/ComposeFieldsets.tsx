'use client';

import type { UseFormRegister } from 'react-hook-form';
import { TextAreaField } from '../Field';
import type { ComposeValues } from './compose-values';

export interface TopicOption {
  slug: string;
  name: string;
  description: string;
}

/**
 * "Tutti gli argomenti" or a choice of topics. Each checkbox posts on its own, so the form also
 * works without JavaScript (then "Tutti" wins if both are ticked, as the server reads it).
 */
export function TopicsFieldset({
  topics,
  register,
  allTopics,
  start,
  error,
}: {
  topics: TopicOption[];
  register: UseFormRegister<ComposeValues>;
  allTopics: boolean;
  start: ComposeValues;
  error?: string;
}) {
  const describedBy = error ? 'topics-help topics-error' : 'topics-help';
  return (
    <fieldset className="mb-4" aria-describedby={describedBy}>
      <legend className="h6 fw-semibold">Argomenti</legend>
      <p id="topics-help" className="small mb-2">
        L’avviso arriva a chi segue almeno uno degli argomenti scelti.
      </p>
      <div className="form-check">
        <input id="f-allTopics" type="checkbox" {...register('allTopics')} defaultChecked={start.allTopics} />
        <label htmlFor="f-allTopics">Tutti gli argomenti (tutti gli iscritti)</label>
      </div>
      {topics.map((t) => (
        <div className="form-check" key={t.slug}>
          <input
            id={`f-topic-${t.slug}`}
            type="checkbox"
            value={t.slug}
            {...register('topics')}
            defaultChecked={start.topics.includes(t.slug)}
            disabled={allTopics}
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor={`f-topic-${t.slug}`}>
            {t.name}
            {t.description ? <span className="d-block small fw-normal">{t.description}</span> : null}
          </label>
        </div>
      ))}
      {error ? (
        <div id="topics-error" className="text-danger small mt-1">
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

export interface ZoneOption {
  slug: string;
  name: string;
  description: string;
  kind: 'QUARTIERE' | 'FRAZIONE';
}

/**
 * "Zone": none ticked is the whole town. With zones ticked the alert reaches who chose one of them
 * and who chose no zone (they asked for everything): the help says so, in plain words.
 */
export function ZonesFieldset({
  zones,
  register,
  start,
  error,
}: {
  zones: ZoneOption[];
  register: UseFormRegister<ComposeValues>;
  start: ComposeValues;
  error?: string;
}) {
  if (zones.length === 0) return null;
  const describedBy = error ? 'zones-help zones-error' : 'zones-help';
  return (
    <fieldset className="mb-4" aria-describedby={describedBy}>
      <legend className="h6 fw-semibold">Zone (facoltativo)</legend>
      <p id="zones-help" className="small mb-2">
        Senza zone l’avviso va a tutto il Comune. Se scegli delle zone, arriva a chi ha scelto una di queste zone e a chi non ha scelto nessuna zona.
      </p>
      <div className="row">
        {zones.map((z) => (
          <div className="form-check col-sm-6" key={z.slug}>
            <input
              id={`f-zone-${z.slug}`}
              type="checkbox"
              value={z.slug}
              {...register('zones')}
              defaultChecked={start.zones.includes(z.slug)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={`f-zone-${z.slug}`}>
              {z.name}
              <span className="d-block small fw-normal">{z.kind === 'FRAZIONE' ? 'Frazione' : 'Quartiere'}</span>
            </label>
          </div>
        ))}
      </div>
      {error ? (
        <div id="zones-error" className="text-danger small mt-1">
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Normal or urgent; an urgent alert needs a reason, which is recorded in the audit log. */
export function UrgencyFieldset({
  register,
  urgency,
  start,
  reasonError,
}: {
  register: UseFormRegister<ComposeValues>;
  urgency: ComposeValues['urgency'];
  start: ComposeValues;
  reasonError?: string;
}) {
  return (
    <>
      <fieldset className="mb-4">
        <legend className="h6 fw-semibold">Urgenza</legend>
        <div className="form-check">
          <input
            id="f-urgency-normal"
            type="radio"
            value="normal"
            {...register('urgency')}
            defaultChecked={start.urgency === 'normal'}
            aria-describedby="f-urgency-normal-help"
          />
          <label htmlFor="f-urgency-normal">Normale</label>
          <small id="f-urgency-normal-help" className="form-text d-block">
            Di notte (ore di silenzio) aspetta il mattino; conta nel limite settimanale di avvisi per iscritto.
          </small>
        </div>
        <div className="form-check">
          <input
            id="f-urgency-urgent"
            type="radio"
            value="urgent"
            {...register('urgency')}
            defaultChecked={start.urgency === 'urgent'}
            aria-describedby="f-urgency-urgent-help"
          />
          <label htmlFor="f-urgency-urgent">Urgente</label>
          <small id="f-urgency-urgent-help" className="form-text d-block">
            Parte subito anche di notte e arriva a tutti, senza limite settimanale. Solo per vere urgenze.
          </small>
        </div>
      </fieldset>
      {urgency === 'urgent' ? (
        <TextAreaField
          {...register('urgentReason')}
          label="Motivo dell’urgenza"
          rows={2}
          defaultValue={start.urgentReason}
          help="Perché non può aspettare: viene registrato nel registro attività."
          error={reasonError}
        />
      ) : null}
    </>
  );
}
