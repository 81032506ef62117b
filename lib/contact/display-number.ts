import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The service's WhatsApp number as people read and dial it: "320 432 1474" for an Italian number
 * (what Italians write in their contacts), "+41 79 123 45 67" for a foreign one.
 */
export function formatDisplayNumber(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  return p.country === 'IT' ? p.formatNational() : p.formatInternational();
}
