'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/** A submit button that says it is working while its form's action runs (and cannot be clicked twice). */
export function SubmitButton({
  children,
  variant = 'primary',
  pendingLabel = 'Attendere…',
  className = '',
}: {
  children: ReactNode;
  variant?: string;
  pendingLabel?: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={`btn btn-${variant} ${className}`} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
