/**
 * WhatsApp's text formatting, parsed into a small tree the preview renders with React elements
 * (never as HTML, so whatever an editor types stays text). Rules as the WhatsApp apps apply them:
 * - `*bold*`, `_italic_`, `~strike~`, `` `inline code` `` and ```` ```monospace``` ````;
 * - an opening marker follows the start, a space or punctuation and is followed by a non-space;
 *   a closing marker follows a non-space and is followed by the end, a space or punctuation;
 * - markers do not cross line breaks; bold, italic and strike nest; code keeps its content as is.
 */
export type FormatNode = string | { kind: 'bold' | 'italic' | 'strike' | 'code' | 'mono'; children: FormatNode[] };

const KIND = { '*': 'bold', _: 'italic', '~': 'strike', '`': 'code' } as const;
type Marker = keyof typeof KIND;

const isMarker = (c: string | undefined): c is Marker => c !== undefined && c in KIND;
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function canOpen(text: string, i: number): boolean {
  return !isWordChar(text[i - 1]) && !isSpace(text[i + 1]);
}

function closingIndex(text: string, i: number): number {
  const m = text[i];
  for (let j = i + 2; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (c === m && !isSpace(text[j - 1]) && !isWordChar(text[j + 1])) return j;
  }
  return -1;
}

function pushText(out: FormatNode[], s: string): void {
  if (s === '') return;
  const last = out[out.length - 1];
  if (typeof last === 'string') out[out.length - 1] = last + s;
  else out.push(s);
}

function parseInline(text: string): FormatNode[] {
  const out: FormatNode[] = [];
  let i = 0;
  let plainFrom = 0;
  while (i < text.length) {
    const c = text[i];
    if (isMarker(c) && canOpen(text, i)) {
      const j = closingIndex(text, i);
      if (j > 0) {
        pushText(out, text.slice(plainFrom, i));
        const inner = text.slice(i + 1, j);
        out.push({ kind: KIND[c], children: c === '`' ? [inner] : parseInline(inner) });
        i = j + 1;
        plainFrom = i;
        continue;
      }
    }
    i += 1;
  }
  pushText(out, text.slice(plainFrom));
  return out;
}

/** The whole text: ```monospace``` blocks first (their content is never formatted), then the rest. */
export function parseWhatsAppFormatting(text: string): FormatNode[] {
  const out: FormatNode[] = [];
  const inline = (s: string) => {
    for (const n of parseInline(s)) if (typeof n === 'string') pushText(out, n); else out.push(n);
  };
  let from = 0;
  for (;;) {
    const open = text.indexOf('```', from);
    const close = open < 0 ? -1 : text.indexOf('```', open + 3);
    // An unmatched or empty fence stays as typed.
    if (close < 0 || close === open + 3) break;
    inline(text.slice(from, open));
    out.push({ kind: 'mono', children: [text.slice(open + 3, close)] });
    from = close + 3;
  }
  inline(text.slice(from));
  return out;
}

/** The text as a person reads it on the phone, markers removed (tests and text alternatives). */
export function plainText(nodes: FormatNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : plainText(n.children))).join('');
}
