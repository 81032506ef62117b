/**
 * Meta's documented limits, shared by the client (refuses before sending) and the simulator
 * (answers like Meta). Lengths are counted in UTF-16 code units, which is never less than what
 * Meta counts, so text that passes here is not rejected by Meta for length.
 */
export const LIMITS = {
  textBody: 4096,
  templateBody: 1024,
  templateHeaderText: 60,
  templateFooterText: 60,
  templateButtonText: 25,
  templateQuickReplies: 3,
  templateName: 512,
  interactiveBody: 1024,
  interactiveHeader: 60,
  interactiveFooter: 60,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  listSectionTitle: 24,
  listRowId: 200,
  listRowTitle: 24,
  listRowDescription: 72,
  replyButtons: 3,
  replyButtonId: 256,
  replyButtonTitle: 20,
} as const;

/** E.164 with the leading '+', as the client always sends it. */
export const E164 = /^\+[1-9]\d{6,14}$/;
/**
 * A business-scoped user id as Meta writes it (`IT.1349205671234567890`): a country prefix, a dot,
 * letters and digits. Kept loose on purpose (Meta has not fixed the format): no '+', no spaces.
 */
export const BSUID = /^[A-Za-z]{2,4}\.[A-Za-z0-9._-]{1,128}$/;
export const TEMPLATE_NAME = /^[a-z0-9_]+$/;
export const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/**
 * Meta's 132018 rule for template text parameters. Returns the reason, or null when the value is fine.
 */
export function templateParamProblem(value: string): string | null {
  if (value.length === 0) return 'is empty';
  if (/[\n\r\t]/.test(value)) return 'contains a new-line or tab character';
  if (/ {5,}/.test(value)) return 'contains more than 4 consecutive spaces';
  return null;
}

/** Placeholders `{{n}}` in template text, in order of appearance. */
export function templatePlaceholders(text: string): number[] {
  return Array.from(text.matchAll(/\{\{\s*(\d+)\s*\}\}/g), (m) => Number(m[1]));
}

/** Fills `{{n}}` with params[n-1]; unknown placeholders are left as they are. */
export function fillTemplate(text: string, params: readonly string[]): string {
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

/**
 * Meta's messaging limit tiers (unique people reached outside the customer service window in a
 * rolling 24 h, per business portfolio). Current ones: TIER_250, TIER_2K, TIER_10K, TIER_100K,
 * TIER_UNLIMITED; TIER_50 and TIER_1K are older values still seen in webhooks. TIER_NOT_SET (a
 * number that never sent) is no limit we can use.
 */
export const MESSAGING_TIERS: Readonly<Record<string, number | 'unlimited'>> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1000,
  TIER_2K: 2000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: 'unlimited',
};

/** The tier's number of people, or null for an unknown tier / TIER_NOT_SET. */
export function tierLimit(tier: string | null | undefined): number | 'unlimited' | null {
  if (!tier) return null;
  return MESSAGING_TIERS[tier.toUpperCase()] ?? null;
}

/** business_capability_update gives the limit as a number (-1 = unlimited): its tier name. */
export function tierOfCount(n: number): string | null {
  if (n === -1) return 'TIER_UNLIMITED';
  return Object.entries(MESSAGING_TIERS).find(([, v]) => v === n)?.[0] ?? null;
}
