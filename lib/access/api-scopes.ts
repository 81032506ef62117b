/**
 * What an API key may do. Each scope maps to routes of /api/v1 (see docs/security.md):
 *
 * - `alerts:draft`  POST /api/v1/alerts without `send`/`scheduledAt` (a draft that a person reviews
 *                   and sends from the dashboard), GET /api/v1/alerts/{id}, GET /api/v1/topics,
 *                   POST /api/v1/alerts/{id}/cancel of an alert not started.
 * - `alerts:send`   POST /api/v1/alerts with `send: true` or `scheduledAt` (send now or schedule —
 *                   one scope: a key that may schedule may schedule a minute ahead). It includes
 *                   `alerts:draft`, which is added to a key given `alerts:send`. Also stopping an
 *                   alert going out, POST …/correction and POST …/withdraw. The four-eyes rule
 *                   still applies: an alert that reaches everyone waits for a second editor.
 * - `stats:read`    GET /api/v1/stats.
 *
 * A new key gets `alerts:draft` only unless more is chosen. No scope approves alerts (only a person
 * does), manages subscribers, settings, staff or keys: the API has no such routes.
 * The checks (assertScope in roles.ts) sit in the use cases (createAlert, sendAlertNow, scheduleAlert, submitAlert, getAlert,
 * getApiStats), next to the data, so every path to them is covered.
 */
export const API_SCOPES = ['alerts:draft', 'alerts:send', 'stats:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const DEFAULT_API_SCOPES: readonly ApiScope[] = ['alerts:draft'];

export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, { en: string; it: string }> = {
  'alerts:draft': {
    en: 'Create alerts as drafts (without "send" or "scheduledAt") and read the status of alerts.',
    it: 'Creare avvisi come bozze (li invia una persona dalla redazione) e leggerne lo stato.',
  },
  'alerts:send': {
    en: 'Also send alerts now or schedule them (includes alerts:draft). The four-eyes rule still applies.',
    it: 'Anche inviare subito o programmare gli avvisi (comprende le bozze). Resta l’approvazione di un secondo redattore dove prevista.',
  },
  'stats:read': { en: 'Read the daily subscription and delivery statistics.', it: 'Leggere le statistiche giornaliere di iscrizioni e invii.' },
};

export const isApiScope = (s: string): s is ApiScope => (API_SCOPES as readonly string[]).includes(s);

/** A key's scopes as stored: known ones only, `alerts:send` bringing `alerts:draft`, in canonical order. */
export function normalizeScopes(scopes: readonly string[]): ApiScope[] {
  const set = new Set(scopes.filter(isApiScope));
  if (set.has('alerts:send')) set.add('alerts:draft');
  return API_SCOPES.filter((s) => set.has(s));
}
