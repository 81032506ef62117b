import type { Role } from '../access/roles';
import type { DataCipher } from '../privacy/crypto';
import { maskWaUserId } from '../privacy/wa-user-id';
import type { Prisma } from '../generated/prisma/client';
import { maskPhone } from '../subscriptions/phone';

/**
 * How a subscriber appears to staff. Numbers are always masked (+39 333 ••• ••67); the full number
 * only through revealNumber (admins, audited). Names: admins see the full name (the URP may need it
 * to recognise a caller), editors only the initials ("M. R."): they can check a caller without
 * reading everyone's name. Viewers never reach this (the page needs EDITOR).
 * A citizen who wrote with a WhatsApp username and no number is shown by their business-scoped
 * user id, masked the same way ("IT.13••••••90"), labelled USERNAME_ONLY_LABEL; there is no number
 * to reveal, and the id itself is never shown in full (it serves no one on the phone).
 */
export const USERNAME_ONLY_LABEL = 'utente senza numero (nome utente WhatsApp)';

export const subscriberInclude = {
  topics: { include: { topic: { select: { slug: true, name: true, position: true } } } },
} as const satisfies Prisma.SubscriberInclude;

export type SubscriberWithTopics = Prisma.SubscriberGetPayload<{ include: typeof subscriberInclude }>;

export interface SubscriberListItem {
  id: string;
  /** Masked; null once erased (after an opt-out) unless the staff member searched that very number. */
  maskedNumber: string | null;
  /** Masked WhatsApp user id of a citizen without a number (username only); null otherwise. */
  maskedUserId: string | null;
  /** Full name for admins, initials for editors, null when none is stored. */
  name: string | null;
  status: 'ACTIVE' | 'PENDING' | 'UNSUBSCRIBED';
  source: 'WEB' | 'WHATSAPP' | 'IMPORT';
  topics: { slug: string; name: string }[];
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  /** Meta said the number cannot receive WhatsApp messages. */
  undeliverable: boolean;
  /** There is a stored number an admin could reveal. */
  hasNumber: boolean;
}

const initial = (s: string) => {
  const c = s.trim().charAt(0);
  return c ? `${c.toUpperCase()}.` : '';
};

export function displayName(cipher: DataCipher, role: Role, s: Pick<SubscriberWithTopics, 'firstNameEnc' | 'lastNameEnc'>): string | null {
  const first = s.firstNameEnc ? cipher.decrypt(s.firstNameEnc) : '';
  const last = s.lastNameEnc ? cipher.decrypt(s.lastNameEnc) : '';
  if (!first && !last) return null;
  if (role === 'ADMIN') return `${first} ${last}`.trim();
  return [initial(first), initial(last)].filter(Boolean).join(' ');
}

export function toListItem(cipher: DataCipher, role: Role, s: SubscriberWithTopics, searched?: string): SubscriberListItem {
  const number = s.phoneEnc ? cipher.decrypt(s.phoneEnc) : (searched ?? null);
  const userId = !number && s.waUserIdEnc ? cipher.decrypt(s.waUserIdEnc) : null;
  return {
    id: s.id,
    maskedNumber: number ? maskPhone(number) : null,
    maskedUserId: userId ? maskWaUserId(userId) : null,
    name: displayName(cipher, role, s),
    status: s.status,
    source: s.source,
    topics: [...s.topics].sort((a, b) => a.topic.position - b.topic.position).map((t) => ({ slug: t.topic.slug, name: t.topic.name })),
    createdAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    unsubscribedAt: s.unsubscribedAt,
    undeliverable: s.undeliverableAt !== null,
    hasNumber: s.phoneEnc !== null,
  };
}
