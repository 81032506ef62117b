import { formatDisplayNumber } from '@/lib/contact/display-number';
import { getEnv } from '@/lib/env';
import { clickToChatLink } from '@/lib/subscriptions/confirmation';

/** The service number and the click-to-chat link prefilled with "Iscrivimi " (the name follows). */
export function getJoinLinks() {
  const { whatsapp } = getEnv();
  return {
    number: whatsapp.displayNumber,
    formatted: formatDisplayNumber(whatsapp.displayNumber),
    joinLink: clickToChatLink(whatsapp.displayNumber, 'Iscrivimi '),
    simulator: whatsapp.mode === 'simulator',
  };
}
