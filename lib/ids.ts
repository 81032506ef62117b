/** Whether a string is a UUID as PostgreSQL prints it: ids from URLs and forms are checked before any query. */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
