'use server';

import { CappedMap } from 'altcha-lib';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { SubscribeFormState } from '@/components/public/subscribe-form/state';
import { getAppContext } from '@/lib/context';
import { getEnv } from '@/lib/env';
import { checkFormToken, checkSubmission, deriveBotSecrets, issueFormToken } from '@/lib/security/bot-check';
import { CLIENT_IP_HEADER } from '@/lib/http/client-ip';
import { requestWebSubscription } from '@/lib/subscriptions/request-web-subscription';
import { botMessage, MESSAGES, readSubscriptionForm, validateSubscription } from './form-data';

// ALTCHA payloads already used in this process (one web process serves the form).
const usedChallenges = new CappedMap<string, true>({ maxSize: 50_000 });

/** The web form's server action: validate, check for bots, create the pending request, redirect. */
export async function subscribeAction(prev: SubscribeFormState, formData: FormData): Promise<SubscribeFormState> {
  const ctx = getAppContext();
  const secrets = deriveBotSecrets(getEnv().authSecret);
  const form = readSubscriptionForm(formData);
  const now = ctx.now();
  // Keep a still-valid token (the time already spent counts); otherwise hand out a fresh one.
  const formToken = checkFormToken(form.formToken, secrets.formToken, now).ok ? form.formToken : issueFormToken(secrets.formToken, now);
  const answer = (s: Pick<SubscribeFormState, 'formError' | 'fieldErrors'>): SubscribeFormState => ({
    seq: prev.seq + 1,
    values: form.values,
    formToken,
    ...s,
  });

  const fieldErrors = validateSubscription(form.input);
  if (fieldErrors) return answer({ fieldErrors });

  const h = await headers();
  const meta = { ip: h.get(CLIENT_IP_HEADER) ?? 'unknown', userAgent: h.get('user-agent') ?? undefined };
  let token: string;
  try {
    const verdict = await checkSubmission({ honeypot: form.input.website, formToken: form.formToken, altcha: form.altcha }, secrets, now, usedChallenges);
    // A filled honeypot goes on: requestWebSubscription answers as for a person and stores nothing.
    if (!verdict.ok && verdict.reason !== 'honeypot') {
      ctx.log.info('web form refused by bot check', { reason: verdict.reason, detail: verdict.detail });
      return answer({ formError: botMessage(verdict.reason) });
    }
    const result = await requestWebSubscription(ctx, form.input, meta);
    if (!result.ok) {
      return result.reason === 'rate_limited' ? answer({ formError: MESSAGES.rateLimited }) : answer({ fieldErrors: result.fieldErrors });
    }
    token = result.token;
  } catch (error) {
    ctx.log.error('web subscription failed', { error });
    return answer({ formError: MESSAGES.unavailable });
  }
  redirect(`/iscriviti/conferma?t=${encodeURIComponent(token)}`);
}
