/** Italian names of the audit actions (unknown ones are shown as they are). */
export const ACTION_LABELS: Record<string, string> = {
  login: 'Accesso',
  login_failed: 'Accesso non riuscito',
  logout: 'Uscita',
  password_reset_request: 'Link per una nuova password inviato',
  password_reset: 'Password reimpostata dal link',
  session_end: 'Sessione terminata',
  alert_create: 'Avviso creato',
  alert_update: 'Avviso modificato',
  alert_schedule: 'Avviso programmato',
  alert_send: 'Avviso inviato',
  alert_test_send: 'Prova di avviso inviata',
  alert_cancel: 'Avviso annullato',
  alert_approve: 'Avviso approvato',
  alert_pause: 'Invio sospeso',
  alert_resume: 'Invio ripreso',
  service_launch: 'Servizio avviato',
  settings_change: 'Impostazione cambiata',
  export: 'Esportazione',
  number_reveal: 'Numero mostrato',
  subscriber_unsubscribe: 'Iscritto cancellato',
  subscribers_import: 'Iscritti importati',
  user_create: 'Utente creato',
  user_update: 'Utente modificato',
  user_disable: 'Utente disattivato',
  apikey_create: 'Chiave API creata',
  apikey_revoke: 'Chiave API revocata',
  templates_sync: 'Modelli sincronizzati',
  template_category_change: 'Categoria di un modello cambiata da Meta',
  template_category_accept: 'Nuova categoria di un modello accettata',
  template_resubmit: 'Modello ripresentato a Meta come UTILITY',
};

export const actionLabel = (a: string): string => ACTION_LABELS[a] ?? a;

const DETAIL_WORDS: Record<string, string> = {
  method: 'metodo',
  reason: 'motivo',
  field: 'campo',
  from: 'da',
  to: 'a',
  role: 'ruolo',
  key: 'impostazione',
  old: 'prima',
  new: 'dopo',
  password: 'password',
  oidc: 'accesso unico',
  bad_password: 'password errata',
  bad_password_wait: 'password errata, account in attesa',
  bad_code: 'codice errato',
  unknown_email: 'email sconosciuta',
  unknown_user: 'utente sconosciuto',
  waiting: 'account in attesa dopo troppi errori',
  disabled: 'utente disattivato',
  no_email: 'email mancante',
  email_unverified: 'email non verificata',
  phone: 'numero',
  totp: 'verifica in due passaggi',
  enabled: 'attivata',
  account: 'account',
  reset: 'azzerata',
  changed: 'cambiata',
  set: 'impostato',
  removed: 'rimosso',
  cleared: 'scollegato',
  issuer: 'fornitore',
  subject: 'identità',
  subscriberId: 'iscritto',
  source: 'file',
  rows: 'righe',
  imported: 'importati',
  skipped: 'saltati',
  previousStatus: 'stato precedente',
  note: 'nota',
  ACTIVE: 'attivo',
  PENDING: 'in attesa di conferma',
  ADMIN: 'amministratore',
  EDITOR: 'redattore',
  VIEWER: 'lettore',
};
const word = (w: string): string => DETAIL_WORDS[w] ?? w;

/** details as short readable text: key: value pairs, known words in Italian, nested values as JSON. */
export function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object' || Array.isArray(details)) return JSON.stringify(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${word(k)}: ${typeof v === 'string' ? word(v) : typeof v === 'boolean' ? (v ? 'sì' : 'no') : JSON.stringify(v)}`)
    .join(' · ');
}
