'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { startTransition, useActionState, useMemo, useRef, type FormEvent } from 'react';
import { useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { plainLanguageAdvice } from '@/lib/alerts/plain-language';
import { alertSchemaFor } from '@/lib/alerts/schema';
import { validateForTemplate } from '@/lib/templates/template-fit';
import type { TemplateShape } from '@/lib/templates/shape';
import { CheckboxField, Field, TextAreaField } from '../Field';
import { Notice } from '../Notice';
import { AudiencePanel, type AudienceAction } from './AudiencePanel';
import { asList, COMPOSE_IDLE, toSchemaInput, type ComposeState, type ComposeValues } from './compose-values';
import { FitReport } from './FitReport';
import { FormattingHelp } from './FormattingHelp';
import { PhonePreview } from './PhonePreview';
import { PlainLanguageReport } from './PlainLanguageReport';
import { TopicsFieldset, UrgencyFieldset, ZonesFieldset, type TopicOption, type ZoneOption } from './ComposeFieldsets';

export type SaveAction = (prev: ComposeState, fd: FormData) => Promise<ComposeState>;

interface Props {
  save: SaveAction;
  audience: AudienceAction;
  template: TemplateShape;
  topics: TopicOption[];
  /** Active zones; none: the composer has no zone choice. */
  zones: ZoneOption[];
  defaults: ComposeValues;
  titleMax: number;
  /** The name on the chat header of the preview (the comune's WhatsApp profile). */
  sender: string;
  /** Editing an existing alert. */
  alertId?: string;
  cancelHref: string;
}

/** The schema validates its own input shape; the form keeps "all topics" apart (compose-values.ts). */
function composeResolver(template: TemplateShape): Resolver<ComposeValues> {
  const inner = zodResolver(alertSchemaFor(template)) as unknown as Resolver<ReturnType<typeof toSchemaInput>>;
  return async (values, context, options) => {
    const r = await inner(toSchemaInput(values), context, options as never);
    return Object.keys(r.errors).length > 0 ? { values: {}, errors: r.errors as FieldErrors<ComposeValues> } : { values, errors: {} };
  };
}

/**
 * Compose or edit an alert. A plain form posting to a server action (works without JavaScript);
 * with JavaScript, react-hook-form checks it with the same schema as the server, and the preview,
 * the character counts, the warnings, the plain-language advice and "Chi lo riceverà" follow every
 * keystroke.
 */
export function ComposeForm({ save, audience, template, topics, zones, defaults, titleMax, sender, alertId, cancelHref }: Props) {
  const [state, formAction, pending] = useActionState(save, COMPOSE_IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  const start = state.values ?? defaults;
  const resolver = useMemo(() => composeResolver(template), [template]);
  const serverErrors = useMemo(() => {
    if (!state.fieldErrors) return undefined;
    const out: FieldErrors<ComposeValues> = {};
    for (const [k, messages] of Object.entries(state.fieldErrors)) (out as Record<string, unknown>)[k] = { type: 'server', message: messages[0] };
    return out;
  }, [state.fieldErrors]);

  const { register, control, handleSubmit, formState } = useForm<ComposeValues>({ resolver, defaultValues: start, errors: serverErrors });
  const v = useWatch({ control }) as ComposeValues;
  const fit = validateForTemplate({ title: v.title, body: v.body, link: v.link }, template);
  const plain = plainLanguageAdvice({ title: v.title, body: v.body, link: v.link }, template);
  const err = (f: keyof ComposeValues) => formState.errors[f]?.message as string | undefined;

  const send = () => {
    const form = formRef.current;
    if (form) startTransition(() => formAction(new FormData(form)));
  };
  // handleSubmit's promise settles after validation; nothing awaits it (errors show in the form).
  const onSubmit = (e: FormEvent<HTMLFormElement>) => void handleSubmit(send)(e);
  const hasErrors = Object.keys(formState.errors).length > 0;

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label={alertId ? 'Modifica avviso' : 'Nuovo avviso'}>
      {alertId ? <input type="hidden" name="alertId" value={alertId} /> : null}
      {state.message ? (
        <Notice kind="error">{state.message}</Notice>
      ) : hasErrors && formState.isSubmitted ? (
        <Notice kind="error">Controlla i campi evidenziati.</Notice>
      ) : null}
      <div className="row g-5">
        <div className="col-xl-7">
          <Field
            {...register('title')}
            label="Titolo"
            defaultValue={start.title}
            maxLength={titleMax + 20}
            autoComplete="off"
            help={`Appare in grassetto in cima al messaggio. ${v.title.trim().length} di ${titleMax} caratteri.`}
            error={err('title')}
          />
          <TextAreaField
            {...register('body')}
            label="Testo dell’avviso"
            defaultValue={start.body}
            rows={7}
            help={`Spazio per il testo con questo titolo e link: ${fit.textMax} caratteri.`}
            error={err('body')}
          />
          <FormattingHelp />
          <TopicsFieldset topics={topics} register={register} allTopics={v.allTopics} start={start} error={err('topics')} />
          <ZonesFieldset zones={zones} register={register} start={start} error={err('zones')} />
          <UrgencyFieldset register={register} urgency={v.urgency} start={start} reasonError={err('urgentReason')} />
          <Field
            {...register('link')}
            label="Link per saperne di più (facoltativo)"
            type="url"
            inputMode="url"
            defaultValue={start.link}
            help="Un indirizzo completo che inizia con https://. Viene aggiunto in fondo al testo."
            error={err('link')}
          />
          <CheckboxField
            {...register('publicArchive')}
            label="Pubblica l’avviso nell’archivio pubblico del sito dopo l’invio"
            defaultChecked={start.publicArchive}
            help="L’archivio è la pagina /avvisi con il suo feed RSS, che il sito e la newsletter possono riprendere."
          />
          <div className="d-flex flex-wrap gap-3 mt-4">
            <button type="submit" className="btn btn-primary" disabled={pending} aria-disabled={pending}>
              {pending ? 'Salvataggio…' : alertId ? 'Salva modifiche' : 'Salva bozza'}
            </button>
            <Link href={cancelHref} className="btn btn-outline-primary">
              Torna indietro senza salvare
            </Link>
          </div>
          <p className="mt-3">Dopo il salvataggio potrai inviare una prova al tuo numero, inviare l’avviso o programmarlo.</p>
        </div>
        <div className="col-xl-5">
          <h2 className="h4">Anteprima</h2>
          <PhonePreview sender={sender} message={{ header: fit.header, body: fit.preview, footer: fit.footer, buttons: fit.buttons }} />
          <FitReport
            fit={fit}
            titleLength={v.title.trim().length}
            titleMax={titleMax}
            hideEmpty={{ title: v.title.trim() === '', body: v.body.trim() === '' }}
          />
          <PlainLanguageReport report={plain} empty={v.title.trim() === '' && v.body.trim() === ''} />
          <AudiencePanel action={audience} allTopics={v.allTopics} topics={asList(v.topics)} zones={asList(v.zones)} urgency={v.urgency} />
        </div>
      </div>
    </form>
  );
}
