'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { Button } from '@/components/ui/kit';
import { webSubscriptionSchema } from '@/lib/subscriptions/schema';
import { AltchaField, type AltchaHandle } from './AltchaField';
import { ConsentField } from './ConsentField';
import { ErrorSummary, type SummaryItem } from './ErrorSummary';
import { FIELD_ORDER, fieldAnchor, initialSubscribeState, type SubscribeAction, type SubscribeFormState, type SubscribeFormValues } from './state';
import { TextField } from './TextField';
import { TopicsField, type TopicOption } from './TopicsField';

// The schema's input type says `privacyConsent: true`; the form starts from `false` and lets the
// schema say why that is not enough.
const resolver = zodResolver(webSubscriptionSchema) as unknown as Resolver<SubscribeFormValues>;

const toFieldErrors = (state: SubscribeFormState): FieldErrors<SubscribeFormValues> | undefined => {
  if (!state.fieldErrors) return undefined;
  const out: FieldErrors<SubscribeFormValues> = {};
  for (const [field, message] of Object.entries(state.fieldErrors)) {
    out[field as keyof SubscribeFormValues] = { type: 'server', message };
  }
  return out;
};

interface Props {
  action: SubscribeAction;
  topics: TopicOption[];
  formToken: string;
}

/**
 * The subscription form. It is a plain HTML form posting to a server action, so it works without
 * JavaScript; when JavaScript runs, react-hook-form checks the fields first (same zod schema as
 * the server) and the ALTCHA widget adds its proof-of-work.
 */
export function SubscribeForm({ action, topics, formToken }: Props) {
  const [state, formAction, isPending] = useActionState(action, initialSubscribeState);
  const [verifying, setVerifying] = useState(false);
  const [failedAttempts, setFailedAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const altchaRef = useRef<AltchaHandle>(null);
  const serverErrors = useMemo(() => toFieldErrors(state), [state]);
  // Also written into the markup (defaultValue): without JavaScript, react-hook-form never runs.
  const defaults: SubscribeFormValues = state.values ?? {
    firstName: '',
    lastName: '',
    phone: '',
    topics: topics.map((t) => t.slug),
    privacyConsent: false,
  };

  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<SubscribeFormValues>({
    resolver,
    defaultValues: defaults,
    errors: serverErrors,
    shouldFocusError: false,
  });

  // After every failed attempt (in the browser or on the server) focus moves to the summary, once
  // it is on screen: react-hook-form publishes its errors a render later than our own state.
  const focusSummary = useRef(false);
  useEffect(() => {
    if (state.seq > 0) {
      focusSummary.current = true;
      altchaRef.current?.restart();
    }
  }, [state.seq]);
  useEffect(() => {
    if (failedAttempts > 0) focusSummary.current = true;
  }, [failedAttempts]);
  useEffect(() => {
    if (focusSummary.current && summaryRef.current) {
      focusSummary.current = false;
      summaryRef.current.focus();
    }
  });

  const busy = verifying || isPending;
  // Runs only on submit (react-hook-form has validated): wait for the proof-of-work, then post.
  const send = async () => {
    const form = formRef.current;
    if (!form || busy) return;
    setVerifying(true);
    try {
      await altchaRef.current?.ensureVerified();
    } finally {
      setVerifying(false);
    }
    const data = new FormData(form);
    startTransition(() => formAction(data));
  };
  // handleSubmit's promise settles after validation; nothing awaits it (errors show in the form).
  const onSubmit = (e: FormEvent<HTMLFormElement>) => void handleSubmit(send, () => setFailedAttempts((n) => n + 1))(e);

  const message = (field: keyof SubscribeFormValues) => errors[field]?.message;
  const items: SummaryItem[] = FIELD_ORDER.flatMap((f) => {
    const text = message(f);
    return text ? [{ targetId: fieldAnchor(f), text }] : [];
  });

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="subscribe-form">
      <ErrorSummary ref={summaryRef} items={items} formError={state.formError} />
      <p className="mb-4">Tutti i campi sono obbligatori.</p>
      <TextField
        id="firstName"
        label="Nome"
        autoComplete="given-name"
        defaultValue={defaults.firstName}
        error={message('firstName')}
        registration={register('firstName')}
      />
      <TextField
        id="lastName"
        label="Cognome"
        autoComplete="family-name"
        defaultValue={defaults.lastName}
        error={message('lastName')}
        registration={register('lastName')}
      />
      <TextField
        id="phone"
        label="Cellulare"
        type="tel"
        autoComplete="tel"
        defaultValue={defaults.phone}
        hint="Il numero su cui usi WhatsApp. Esempio: 333 123 4567"
        error={message('phone')}
        registration={register('phone')}
      />
      <TopicsField control={control} topics={topics} error={message('topics')} />
      <ConsentField registration={register('privacyConsent')} defaultChecked={defaults.privacyConsent} error={message('privacyConsent')} />

      {/* Honeypot: invisible and unreachable for people and assistive technology; bots fill it. */}
      <div className="visually-hidden" aria-hidden="true">
        <label htmlFor="website">Non compilare questo campo</label>
        <input id="website" type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <input type="hidden" name="formToken" value={state.formToken ?? formToken} readOnly />
      <AltchaField ref={altchaRef} />

      <Button type="submit" color="primary" size="lg" className="mt-2">
        Invia richiesta
      </Button>
      <p role="status" className="mt-3">
        {busy ? 'Invio in corso, attendi qualche secondo…' : ''}
      </p>
    </form>
  );
}
