/** What the login form shows; the same words whatever the real reason, so nothing leaks. */
export const LOGIN_MESSAGES = {
  invalid: 'Email o password non corretti.',
  codeInvalid: 'Codice di verifica non valido. Controlla che l’ora del telefono sia corretta e riprova.',
  ticketExpired: 'La verifica è scaduta. Inserisci di nuovo email e password.',
  temporaryExpired: 'La password temporanea è scaduta: chiedi a un amministratore di impostarne una nuova.',
  busy: 'Troppi tentativi in corso, riprova tra poco.',
  rateLimited: (minutes: number) => `Troppi tentativi da questa connessione. Riprova tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}.`,
} as const;

export interface LoggedIn {
  ok: true;
  userId: string;
  sessionId: string;
  sessionVersion: number;
}

export type LoginFailure =
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'ticket_expired' | 'temporary_expired' | 'busy'; message: string }
  /** Password correct, TOTP enabled: ask for the code, carrying the ticket. */
  | { ok: false; reason: 'code_required' | 'code_invalid'; message: string; ticket: string };

export type LoginResult = LoggedIn | LoginFailure;
