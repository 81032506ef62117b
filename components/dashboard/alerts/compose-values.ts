import type { AlertComposeFormValues } from '@/lib/alerts/schema';
import type { FieldErrors } from '@/lib/errors';

/**
 * The compose form's own values. They differ from the schema's input in one way: "Tutti gli
 * argomenti" is a checkbox of its own (the schema says "every topic" with an absent list, and an
 * empty list is a mistake), so the form keeps both and `toSchemaInput` decides.
 */
export interface ComposeValues {
  title: string;
  body: string;
  allTopics: boolean;
  topics: string[];
  /** Zone slugs; empty = the whole town. */
  zones: string[];
  urgency: 'normal' | 'urgent';
  urgentReason: string;
  link: string;
  publicArchive: boolean;
}

export interface ComposeState {
  status: 'idle' | 'error';
  message?: string;
  /** The AppError's field messages; the form shows each field's first. */
  fieldErrors?: FieldErrors;
  values?: ComposeValues;
  /** Changes at every answer, so the form can react to a second identical error. */
  seq: number;
}

export const COMPOSE_IDLE: ComposeState = { status: 'idle', seq: 0 };

/** react-hook-form gives a lone checkbox's value as a string or boolean, a group's as a list. */
export function asList(x: unknown): string[] {
  if (Array.isArray(x)) return x.filter((t): t is string => typeof t === 'string');
  return typeof x === 'string' && x !== '' ? [x] : [];
}

export function toSchemaInput(v: ComposeValues): AlertComposeFormValues {
  return {
    title: v.title,
    body: v.body,
    ...(v.allTopics ? {} : { topics: asList(v.topics) }),
    ...(asList(v.zones).length > 0 ? { zones: asList(v.zones) } : {}),
    urgency: v.urgency,
    urgentReason: v.urgency === 'urgent' ? v.urgentReason : '',
    link: v.link,
    publicArchive: v.publicArchive,
  };
}

export function fromSchemaInput(v: AlertComposeFormValues): ComposeValues {
  return {
    title: v.title ?? '',
    body: v.body ?? '',
    allTopics: v.topics === undefined,
    topics: v.topics ?? [],
    zones: v.zones ?? [],
    urgency: v.urgency === 'urgent' ? 'urgent' : 'normal',
    urgentReason: v.urgentReason ?? '',
    link: v.link ?? '',
    publicArchive: v.publicArchive ?? true,
  };
}

const text = (fd: FormData, name: string): string => {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
};

/** The posted form (with or without JavaScript: checkboxes post "on", topics post one value each). */
export function readComposeForm(fd: FormData): ComposeValues {
  return {
    title: text(fd, 'title'),
    body: text(fd, 'body'),
    allTopics: text(fd, 'allTopics') === 'on',
    topics: fd.getAll('topics').filter((t): t is string => typeof t === 'string'),
    zones: fd.getAll('zones').filter((t): t is string => typeof t === 'string'),
    urgency: text(fd, 'urgency') === 'urgent' ? 'urgent' : 'normal',
    urgentReason: text(fd, 'urgentReason'),
    link: text(fd, 'link'),
    publicArchive: text(fd, 'publicArchive') === 'on',
  };
}
