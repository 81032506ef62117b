/**
 * The one WhatsApp formatter: the dashboard preview and the public archive render its tree with React
 * elements (components/dashboard/alerts/WhatsAppText.tsx), the simulated phone shows its HTML
 * (`formatWhatsAppHtml`, every piece of text escaped). Rules as the WhatsApp apps apply them:
 * - `*bold*`, `_italic_`, `~strike~`, `` `inline code` `` and ```` ```monospace``` ````;
 * - an opening marker follows the start, a space or punctuation and is followed by a non-space;
 *   a closing marker follows a non-space and is followed by the end, a space or punctuation;
 * - markers do not cross line breaks; bold, italic and strike nest; code keeps its content as is;
 * - in the HTML only: lines starting "* " or "- " are a bulleted list, "1. " a numbered one, "> " a quote.
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
    for (const n of parseInline(s))
      if (typeof n === 'string') pushText(out, n);
      else out.push(n);
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const TAG = { bold: 'strong', italic: 'em', strike: 's', code: 'code' } as const;

function inlineHtml(nodes: FormatNode[]): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return escapeHtml(n);
      if (n.kind === 'mono') return `<pre><code>${escapeHtml(plainText(n.children).replace(/^\n/, ''))}</code></pre>`;
      return `<${TAG[n.kind]}>${inlineHtml(n.children)}</${TAG[n.kind]}>`;
    })
    .join('');
}

/** The parsed text cut at its line breaks; a ```monospace``` block stays whole on its line. */
function lines(nodes: FormatNode[]): FormatNode[][] {
  const out: FormatNode[][] = [[]];
  for (const n of nodes) {
    if (typeof n !== 'string') out[out.length - 1]!.push(n);
    else
      n.split('\n').forEach((part, i) => {
        if (i > 0) out.push([]);
        if (part !== '') out[out.length - 1]!.push(part);
      });
  }
  return out;
}

const BLOCK = [
  { kind: 'ul', prefix: /^[*-] / },
  { kind: 'ol', prefix: /^\d+\. / },
  { kind: 'blockquote', prefix: /^> / },
] as const;

/** A line's block kind and the line without its marker ("* ", "1. ", "> "). */
function block(line: FormatNode[]): { kind: 'p' | 'ul' | 'ol' | 'blockquote'; rest: FormatNode[] } {
  const [first, ...more] = line;
  if (typeof first === 'string') {
    for (const b of BLOCK) {
      const m = b.prefix.exec(first);
      if (m) return { kind: b.kind, rest: [first.slice(m[0].length), ...more] };
    }
  }
  return { kind: 'p', rest: line };
}

/** The text as HTML for the simulated phone: <p> with <br>, lists, quotes; never markup from the text. */
export function formatWhatsAppHtml(text: string): string {
  if (text === '') return '';
  const out: string[] = [];
  let para: string[] = [];
  let list: 'ul' | 'ol' | null = null;
  const flushPara = () => {
    if (para.length > 0) out.push(`<p>${para.join('<br>')}</p>`);
    para = [];
  };
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const line of lines(parseWhatsAppFormatting(text.replace(/\r\n?/g, '\n')))) {
    const { kind, rest } = block(line);
    const html = inlineHtml(rest);
    if (kind === 'ul' || kind === 'ol') {
      flushPara();
      if (list !== kind) {
        closeList();
        out.push(`<${kind}>`);
        list = kind;
      }
      out.push(`<li>${html}</li>`);
      continue;
    }
    closeList();
    if (kind === 'blockquote') {
      flushPara();
      out.push(`<blockquote>${html}</blockquote>`);
    } else para.push(html);
  }
  flushPara();
  closeList();
  return out.join('');
}
