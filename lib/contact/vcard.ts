/**
 * A vCard 3.0 (RFC 2426; understood by iOS, Android and desktop address books) so people can save
 * the service's number under its name with one tap, as the comune's announcement asks them to.
 */
export interface ContactCard {
  /** Shown name, e.g. "WhatsApp Conegliano". */
  name: string;
  organisation: string;
  /** E.164 with '+'. */
  phone: string;
  url: string;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n');
}

export function buildVCard(c: ContactCard): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `FN:${escape(c.name)}`,
    `N:${escape(c.name)};;;;`,
    `ORG:${escape(c.organisation)}`,
    `TEL;TYPE=CELL:${c.phone.replace(/[^\d+]/g, '')}`,
    `URL:${c.url}`,
    'END:VCARD',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
