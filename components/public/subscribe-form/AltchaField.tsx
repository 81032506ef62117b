'use client';

import type { AltchaWidgetElement } from 'altcha';
import type {} from 'altcha/types/react';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';

export interface AltchaHandle {
  /** Resolves once the proof-of-work is done (or has failed or taken too long: the server decides). */
  ensureVerified(): Promise<void>;
  /** A payload is single-use: after the server answered, solve a new challenge. */
  restart(): void;
}

// Invisible: nothing to read or click; the work runs in the background while the person types.
// No "human interaction signature" (it would record pointer movements) and no focus stealing.
const CONFIGURATION = JSON.stringify({ disableAutoFocus: true, hideFooter: true, hideLogo: true, humanInteractionSignature: false });
const MAX_WAIT_MS = 15_000;

/**
 * The ALTCHA widget (a web component), loaded only in the browser. It writes its payload in a
 * hidden `altcha` input inside the form. Without JavaScript nothing is rendered, and the server
 * falls back to the honeypot and minimum-time checks (lib/security/bot-check.ts).
 */
export function AltchaField({ ref }: { ref?: Ref<AltchaHandle> }) {
  const [ready, setReady] = useState(false);
  const widget = useRef<AltchaWidgetElement>(null);

  useEffect(() => {
    let alive = true;
    import('altcha').then(
      () => alive && setReady(true),
      () => undefined, // no widget: the no-JavaScript rules apply
    );
    return () => {
      alive = false;
    };
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      async ensureVerified() {
        const w = widget.current;
        if (!w || String(w.getState()) === 'verified') return;
        await Promise.race([w.verify().catch(() => null), new Promise((resolve) => setTimeout(resolve, MAX_WAIT_MS))]);
      },
      restart() {
        const w = widget.current;
        if (!w) return;
        w.reset();
        w.verify().catch(() => null);
      },
    }),
    [],
  );

  if (!ready) return null;
  return <altcha-widget ref={widget} challenge="/api/altcha/challenge" auto="onload" display="invisible" name="altcha" configuration={CONFIGURATION} />;
}
