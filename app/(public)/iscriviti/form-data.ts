import { FIELD_ORDER, type FieldName, type SubscribeFormValues } from '@/components/public/subscribe-form/state';
import type { BotVerdict } from '@/lib/security/bot-check';
import { webSubscriptionSchema } from '@/lib/subscriptions/schema';

/** Reads the posted form (with or without JavaScript: the field names are the same). */
export function readSubscriptionForm(fd: FormData) {
  const text = (k: string) => {
    const v = fd.get(k);
    return typeof v === 'string' ? v : '';
  };
  const values: SubscribeFormValues = {
    firstName: text('firstName'),
    lastName: text('lastName'),
    phone: text('phone'),
    topics: fd.getAll('topics').filter((v): v is string => typeof v === 'string'),
    // An unticked checkbox is simply absent; a ticked one posts "on".
    privacyConsent: fd.has('privacyConsent'),
  };
  return { values, input: { ...values, website: text('website') }, formToken: text('formToken'), altcha: text('altcha') };
}

/** The schema's first message per field, in the form's order. */
export function validateSubscription(input: unknown): Partial<Record<FieldName, string>> | null {
  const parsed = webSubscriptionSchema.safeParse(input);
  if (parsed.success) return null;
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (FIELD_ORDER as readonly string[]).includes(field)) errors[field as FieldName] ??= issue.message;
  }
  return Object.keys(errors).length > 0 ? errors : { firstName: 'Controlla i dati inseriti.' };
}

export const MESSAGES = {
  rateLimited: 'Troppe richieste da questa connessione. Riprova tra qualche minuto.',
  unavailable: 'Il servizio non è disponibile in questo momento. Riprova tra qualche minuto.',
} as const;

/** What a person sees when the bot check refuses the form (a bot will not read it). */
export function botMessage(reason: Exclude<BotVerdict, { ok: true }>['reason']): string {
  switch (reason) {
    case 'too_fast':
      return 'Il modulo è stato inviato troppo in fretta. Controlla i dati, attendi qualche secondo e premi di nuovo «Invia richiesta».';
    case 'form_expired':
      return 'La pagina è rimasta aperta a lungo. Controlla i dati e premi di nuovo «Invia richiesta».';
    case 'altcha_failed':
      return 'La verifica automatica contro lo spam non è riuscita. Premi di nuovo «Invia richiesta».';
    default:
      return 'Non è stato possibile inviare la richiesta. Premi di nuovo «Invia richiesta».';
  }
}
