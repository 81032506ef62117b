'use client';

import { useState, useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};

/** "Copia il messaggio": shown only where the browser can copy (never on the server render). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const canCopy = useSyncExternalStore(
    noSubscribe,
    () => typeof navigator !== 'undefined' && !!navigator.clipboard,
    () => false,
  );
  const [copied, setCopied] = useState(false);
  if (!canCopy) return null;
  return (
    <div className="d-flex flex-wrap align-items-center gap-3">
      <button
        type="button"
        className="btn btn-outline-primary"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {label}
      </button>
      <span role="status">{copied ? 'Messaggio copiato: ora incollalo in WhatsApp.' : ''}</span>
    </div>
  );
}
