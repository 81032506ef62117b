/**
 * What the subscription server action answers to the form. Shared by the action (app/) and the
 * client form, so it lives in a module without 'use server' / 'use client'.
 */
export const FIELD_ORDER = ['firstName', 'lastName', 'phone', 'topics', 'privacyConsent'] as const;
export type FieldName = (typeof FIELD_ORDER)[number];

export interface SubscribeFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  topics: string[];
  privacyConsent: boolean;
}

export interface SubscribeFormState {
  /** Grows with every answer, so the form reacts even when the same error comes back twice. */
  seq: number;
  /** A problem with the whole request (too many requests, service down, bot check). */
  formError?: string;
  fieldErrors?: Partial<Record<FieldName, string>>;
  /** What the person sent, to refill the form when the page is re-rendered without JavaScript. */
  values?: SubscribeFormValues;
  /** A fresh form token when the old one can no longer be used. */
  formToken?: string;
}

export const initialSubscribeState: SubscribeFormState = { seq: 0 };

export type SubscribeAction = (prev: SubscribeFormState, formData: FormData) => Promise<SubscribeFormState>;

/** Where each field's error links to in the error summary (the first checkbox for topics). */
export const fieldAnchor = (field: FieldName): string => (field === 'topics' ? 'topics-0' : field);
