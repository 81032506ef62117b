/** Whether a string is a UUID as PostgreSQL prints it: ids from URLs and forms are checked before any query. */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * The slug made from a name: lower case, accents dropped, words joined by "-", at most 40
 * characters. Topics and zones use it; it never changes afterwards: it is a contract for API
 * clients and chat ids (`topic:<slug>`, `zone:<slug>`).
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
