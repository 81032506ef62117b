/**
 * The Content-Security-Policy of every page, built per request by lib/server/request-handler.ts.
 *
 * - Scripts: only this origin's files (Next.js chunks under /_next/static, the lazily loaded ALTCHA
 *   chunk) and inline scripts carrying this response's nonce. Next.js App Router streams its data in
 *   inline `<script>` tags: it reads the nonce from the request's own `content-security-policy`
 *   header and puts it on every script it renders (all pages are rendered per request, so every one
 *   gets a fresh nonce). No 'unsafe-inline', no 'strict-dynamic'; 'unsafe-eval' only in
 *   development, where React's dev tools need it.
 * - Styles: this origin plus inline styles. Bootstrap Italia and design-react-kit render `style`
 *   attributes on the server, and the ALTCHA widget injects a `<style>` element; a nonce in
 *   style-src would disable 'unsafe-inline' and break the `style` attributes. Inline CSS cannot run
 *   script, so this is the usual trade.
 * - Images and fonts: this origin and `data:` (Bootstrap Italia's icons and the QR code are data URLs).
 * - Workers: ALTCHA solves its proof-of-work in Web Workers created from a `blob:` URL.
 * - connect-src 'self': server actions, the ALTCHA challenge, the dashboard's progress polling.
 * - object-src 'none', base-uri 'self', form-action 'self'.
 * - frame-ancestors: the public citizen pages (isEmbeddablePath) may be framed by this origin and by
 *   the origins in the `allowedFrameOrigins` setting, so a comune can embed the subscribe form or the
 *   archive in its own site; every other page (dashboard, login, API, simulator) by no one.
 */
import { randomBytes } from 'node:crypto';

export interface CspOptions {
  nonce: string;
  /** Framing allowed (public pages): origins besides 'self'; null = no framing at all. */
  frameAncestors: string[] | null;
  dev: boolean;
  https: boolean;
}

/** 128 random bits, base64: what CSP nonces and Next.js's nonce parser accept. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function buildCsp(o: CspOptions): string {
  const frames = o.frameAncestors === null ? "'none'" : ["'self'", ...o.frameAncestors].join(' ');
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}'${o.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frames}`,
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** The citizen pages a comune may embed: home, subscribe form and its confirmation, archive, privacy, accessibility. */
const EMBEDDABLE = /^\/(?:iscriviti(?:\/conferma)?|avvisi(?:\/[^/]+)?|privacy|accessibilita)?\/?$/;

export function isEmbeddablePath(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '/';
  return EMBEDDABLE.test(path) && !path.startsWith('/avvisi/feed') && !path.startsWith('/avvisi/atom');
}

/** An origin from a setting (a full URL): scheme://host[:port], what frame-ancestors takes. */
export function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}
