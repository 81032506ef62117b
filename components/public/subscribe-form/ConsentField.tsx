import Link from 'next/link';
import type { UseFormRegisterReturn } from 'react-hook-form';

/** The privacy declaration. The notice opens in a new tab so that what was typed is not lost. */
export function ConsentField({ registration, defaultChecked, error }: { registration: UseFormRegisterReturn; defaultChecked?: boolean; error?: string }) {
  return (
    <div className="mb-4">
      <div className="form-check mb-1">
        <input
          id="privacyConsent"
          type="checkbox"
          defaultChecked={defaultChecked}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'privacyConsent-error' : undefined}
          {...registration}
        />
        <label htmlFor="privacyConsent">Ho letto l&apos;informativa privacy</label>
      </div>
      <p className="mb-1">
        <Link href="/privacy" target="_blank" rel="noopener">
          Leggi l’informativa privacy (si apre in una nuova scheda)
        </Link>
      </p>
      {error ? (
        <div id="privacyConsent-error" className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </div>
  );
}
