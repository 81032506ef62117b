'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useMemo, useRef, type FormEvent } from 'react';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { kindLabel, ZONE_KINDS, zoneFieldsSchema, type ZoneKind } from '@/lib/zones/zone-schema';
import { createZoneAction, updateZoneAction } from './actions';

interface ZoneValues {
  name: string;
  kind: ZoneKind;
  description: string;
}

const resolver = zodResolver(zoneFieldsSchema) as unknown as Resolver<ZoneValues>;
const EMPTY: ZoneValues = { name: '', kind: 'QUARTIERE', description: '' };

/**
 * Create a zone (no `slug`) or rename, re-describe or change the kind of one. A plain form posting
 * to a server action (works without JavaScript); with JavaScript, react-hook-form checks it first
 * with the same schema as the use case. The slug is made from the first name and never changes.
 */
export function ZoneForm({ slug, defaults }: { slug?: string; defaults?: ZoneValues }) {
  const [state, formAction, pending] = useActionState(slug ? updateZoneAction : createZoneAction, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  const start = defaults ?? EMPTY;
  const serverErrors = useMemo(() => {
    if (!state.fieldErrors) return undefined;
    const out: FieldErrors<ZoneValues> = {};
    for (const [k, messages] of Object.entries(state.fieldErrors)) (out as Record<string, unknown>)[k] = { type: 'server', message: messages[0] };
    return out;
  }, [state.fieldErrors]);
  const values = state.values ? { ...start, ...state.values, kind: (state.values.kind as ZoneKind) || start.kind } : start;
  const { register, handleSubmit, formState, reset } = useForm<ZoneValues>({ resolver, defaultValues: values, errors: serverErrors });
  // A created zone empties the form for the next one.
  useEffect(() => {
    if (!slug && state.status === 'ok') reset(EMPTY);
  }, [slug, state, reset]);

  const send = () => {
    const form = formRef.current;
    if (form) startTransition(() => formAction(new FormData(form)));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => void handleSubmit(send)(e);
  const err = (f: keyof ZoneValues) => formState.errors[f]?.message;
  const id = slug ? `f-zone-${slug}` : 'f-new-zone';
  const kindError = err('kind');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label={slug ? `Modifica «${start.name}»` : 'Nuova zona'}>
      {slug ? <input type="hidden" name="slug" value={slug} /> : null}
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <Field
        {...register('name')}
        id={`${id}-name`}
        label="Nome"
        autoComplete="off"
        maxLength={80}
        defaultValue={start.name}
        help={
          slug
            ? 'Il nuovo nome appare in chat e negli avvisi; l’identificativo resta lo stesso.'
            : 'Come lo conoscono i cittadini, ad esempio «Centro storico». In chat se ne leggono i primi 24 caratteri.'
        }
        error={err('name')}
      />
      <div className="select-wrapper form-group">
        <label htmlFor={`${id}-kind`} className="active">
          Tipo
        </label>
        <select
          {...register('kind')}
          id={`${id}-kind`}
          defaultValue={start.kind}
          aria-invalid={kindError ? true : undefined}
          aria-describedby={kindError ? `${id}-kind-error` : undefined}
        >
          {ZONE_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
        {kindError ? (
          <div id={`${id}-kind-error`} className="text-danger small mt-1">
            {kindError}
          </div>
        ) : null}
      </div>
      <Field
        {...register('description')}
        id={`${id}-description`}
        label="Descrizione (facoltativa)"
        autoComplete="off"
        maxLength={100}
        defaultValue={start.description}
        help="Le vie o i luoghi che comprende, per chi non è sicuro; al massimo 72 caratteri."
        error={err('description')}
      />
      <button type="submit" className={`btn ${slug ? 'btn-outline-primary btn-sm' : 'btn-primary'}`} disabled={pending} aria-disabled={pending}>
        {pending ? 'Attendere…' : slug ? 'Salva' : 'Crea la zona'}
      </button>
    </form>
  );
}
