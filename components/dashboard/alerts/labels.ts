/**
 * Words staff read about alerts, in one place: status badges, filters, urgency.
 * Badge colours are Bootstrap Italia's darkened backgrounds: white text on them passes WCAG AA.
 */
export type AlertStatus = 'DRAFT' | 'PENDING_APPROVAL' | 'SCHEDULED' | 'SENDING' | 'PAUSED' | 'SENT' | 'CANCELLED';

export const ALERT_STATUSES: readonly AlertStatus[] = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED', 'SENDING', 'PAUSED', 'SENT', 'CANCELLED'];

export const STATUS_BADGE: Record<AlertStatus, { label: string; className: string }> = {
  DRAFT: { label: 'Bozza', className: 'bg-secondary' },
  PENDING_APPROVAL: { label: 'In attesa di approvazione', className: 'bg-warning' },
  SCHEDULED: { label: 'Programmato', className: 'bg-primary' },
  SENDING: { label: 'In invio', className: 'bg-primary' },
  PAUSED: { label: 'In pausa', className: 'bg-danger' },
  SENT: { label: 'Inviato', className: 'bg-success' },
  CANCELLED: { label: 'Annullato', className: 'bg-dark' },
};

export const isAlertStatus = (s: string): s is AlertStatus => (ALERT_STATUSES as readonly string[]).includes(s);

export const URGENCY_LABEL = { normal: 'Normale', urgent: 'Urgente' } as const;

const int = new Intl.NumberFormat('it-IT');

/** 1234 -> "1.234" (Italian thousands separator). */
export const formatCount = (n: number): string => int.format(n);

/** "1 persona" / "1.234 persone". */
export const people = (n: number): string => `${formatCount(n)} ${n === 1 ? 'persona' : 'persone'}`;
