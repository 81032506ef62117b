import { STATUS_BADGE, type AlertStatus } from './labels';

/** The alert's state as a badge; the word is the information, the colour only helps. */
export function StatusBadge({ status }: { status: AlertStatus }) {
  const b = STATUS_BADGE[status];
  return <span className={`badge ${b.className}`}>{b.label}</span>;
}
