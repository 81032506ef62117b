import type { ReactNode } from 'react';

/**
 * A message after an action. Plain Bootstrap Italia markup (visible without JavaScript);
 * errors are announced at once (role="alert"), the rest politely (role="status").
 */
export function Notice({
  kind = 'info',
  children,
  className = '',
}: {
  kind?: 'success' | 'error' | 'warning' | 'info';
  children: ReactNode;
  className?: string;
}) {
  const cls = { success: 'alert-success', error: 'alert-danger', warning: 'alert-warning', info: 'alert-info' }[kind];
  return (
    <div className={`alert ${cls} ${className}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
