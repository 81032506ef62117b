import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises what a citizen types into E.164 (+393331234567). Italian by default: "333 123 4567",
 * "0039 333…", "+39 333…" all work; other countries need their prefix. Only numbers that can
 * receive WhatsApp (mobile or ambiguous fixed/mobile) are accepted.
 */
export function normalisePhone(input: string, defaultCountry: 'IT' = 'IT'): string | null {
  const cleaned = input.trim().replace(/^00/, '+');
  if (!/^[+\d\s().\-/]{6,25}$/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  const type = parsed.getType();
  if (type && !['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER', 'VOIP'].includes(type)) return null;
  return parsed.number;
}

/** Meta's `from` / `wa_id` are digits without '+'. */
export function fromWaDigits(digits: string): string {
  return digits.startsWith('+') ? digits : `+${digits}`;
}

export function toWaDigits(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** For staff screens: +39 333 ••• ••67 */
export function maskPhone(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  const cc = p ? `+${p.countryCallingCode}` : e164.slice(0, 3);
  const national = p ? String(p.nationalNumber) : e164.slice(3);
  return `${cc} ${national.slice(0, 3)} ••• ••${national.slice(-2)}`;
}
