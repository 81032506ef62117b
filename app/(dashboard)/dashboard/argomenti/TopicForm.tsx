'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useMemo, useRef, type FormEvent } from 'react';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { topicFieldsSchema } from '@/lib/subscriptions/topic-schema';
import { createTopicAction, updateTopicAction } from './actions';

interface TopicValues {
  name: string;
  description: string;
}

const resolver = zodResolver(topicFieldsSchema) as unknown as Resolver<TopicValues>;

/**
 * Create a topic (no `slug`) or rename and re-describe one. A plain form posting to a server
 * action (works without JavaScript); with JavaScript, react-hook-form checks it first with the
 * same schema as the use case. The slug is made from the first name and never changes.
 */
export function TopicForm({ slug, defaults }: { slug?: string; defaults?: TopicValues }) {
  const [state, formAction, pending] = useActionState(slug ? updateTopicAction : createTopicAction, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  const start = defaults ?? { name: '', description: '' };
  const serverErrors = useMemo(() => {
    if (!state.fieldErrors) return undefined;
    const out: FieldErrors<TopicValues> = {};
    for (const [k, messages] of Object.entries(state.fieldErrors)) (out as Record<string, unknown>)[k] = { type: 'server', message: messages[0] };
    return out;
  }, [state.fieldErrors]);
  const { register, handleSubmit, formState, reset } = useForm<TopicValues>({ resolver, defaultValues: state.values ?? start, errors: serverErrors });
  // A created topic empties the form for the next one.
  useEffect(() => {
    if (!slug && state.status === 'ok') reset({ name: '', description: '' });
  }, [slug, state, reset]);

  const send = () => {
    const form = formRef.current;
    if (form) startTransition(() => formAction(new FormData(form)));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => void handleSubmit(send)(e);
  const err = (f: keyof TopicValues) => formState.errors[f]?.message;
  const id = slug ? `f-${slug}` : 'f-new-topic';
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label={slug ? `Modifica «${start.name}»` : 'Nuovo argomento'}>
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
            ? 'Il nuovo nome appare nel modulo e in chat; l’identificativo resta lo stesso.'
            : 'Come lo vedono i cittadini, ad esempio «Scuole e servizi educativi». In chat se ne leggono i primi 24 caratteri.'
        }
        error={err('name')}
      />
      <Field
        {...register('description')}
        id={`${id}-description`}
        label="Descrizione (facoltativa)"
        autoComplete="off"
        maxLength={100}
        defaultValue={start.description}
        help="Una riga che spiega quali avvisi comprende; al massimo 72 caratteri."
        error={err('description')}
      />
      <button type="submit" className={`btn ${slug ? 'btn-outline-primary btn-sm' : 'btn-primary'}`} disabled={pending} aria-disabled={pending}>
        {pending ? 'Attendere…' : slug ? 'Salva' : 'Crea l’argomento'}
      </button>
    </form>
  );
}
