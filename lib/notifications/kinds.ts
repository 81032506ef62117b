/** The kinds of notice staff receive (issue 12); each person chooses which ones reach them by e-mail. */
export const NOTICE_KINDS = ['approval_requested', 'alert_held', 'template_changed', 'launch_threshold', 'daily_limit'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Labels for the profile page. */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  approval_requested: 'Un avviso aspetta la mia approvazione',
  alert_held: 'Un avviso è in pausa o trattenuto',
  template_changed: 'Un modello è stato rifiutato o ha cambiato categoria',
  launch_threshold: 'È stata raggiunta la soglia di lancio',
  daily_limit: 'È stato raggiunto il limite giornaliero di invii',
};

export function isNoticeKind(v: unknown): v is NoticeKind {
  return typeof v === 'string' && (NOTICE_KINDS as readonly string[]).includes(v);
}
