/** A valid `POST /api/v1/alerts` body for the API tests; `over` replaces or adds fields. */
export const alertBody = (over: Record<string, unknown> = {}) => ({
  title: 'Via Roma chiusa',
  body: 'Dalle 20 alle 24 Via Roma è chiusa.',
  urgency: 'normal',
  topics: ['viabilita'],
  ...over,
});
