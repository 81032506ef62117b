import { z } from 'zod';
import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { invalidInput } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { normalisePhone } from '../subscriptions/phone';
import { subscriberInclude, toListItem, type SubscriberListItem } from './subscriber-view';

/** The page's query string: ?numero=…&stato=ACTIVE&argomento=viabilita&canale=WEB&pagina=2 */
export const subscriberSearchSchema = z.object({
  numero: z.string().trim().max(40).optional().catch(undefined),
  stato: z.enum(['ACTIVE', 'PENDING', 'UNSUBSCRIBED']).optional().catch(undefined),
  argomento: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
  canale: z.enum(['WEB', 'WHATSAPP', 'IMPORT']).optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type SubscriberSearch = z.infer<typeof subscriberSearchSchema>;

export const SUBSCRIBERS_PAGE_SIZE = 25;

export interface SubscriberSearchResult {
  rows: SubscriberListItem[];
  page: number;
  hasNext: boolean;
  /** True when the search was by number: at most one row, other filters ignored. */
  byNumber: boolean;
}

/**
 * The staff list of subscribers (editors and admins). A number is normalised (333 123 4567,
 * +39…, 0039…) and looked up by its HMAC: exact match only, nothing is ever decrypted to search.
 * Without a number: filters, newest first, pages of 25 found through subscribers(created_at)
 * (no total count: counting a million rows per page view is what the statistics rollup avoids).
 */
export async function searchSubscribers(ctx: AppContext, { actor, ...search }: { actor: Actor } & SubscriberSearch): Promise<SubscriberSearchResult> {
  assertRole(actor, 'EDITOR');
  const raw = search.numero?.trim();
  if (raw) {
    const e164 = normalisePhone(raw);
    if (!e164) {
      throw invalidInput('Numero non valido: scrivilo come 333 123 4567 oppure +39 333 123 4567.', { numero: ['Numero non valido.'] });
    }
    const found = await ctx.db.subscriber.findUnique({ where: { phoneHmac: ctx.cipher.hmac(e164) }, include: subscriberInclude });
    return { rows: found ? [toListItem(ctx.cipher, actor.role, found, e164)] : [], page: 1, hasNext: false, byNumber: true };
  }

  const where: Prisma.SubscriberWhereInput = {};
  if (search.stato) where.status = search.stato;
  if (search.canale) where.source = search.canale;
  if (search.argomento) {
    const topic = await ctx.db.topic.findUnique({ where: { slug: search.argomento }, select: { id: true } });
    if (!topic) return { rows: [], page: search.pagina, hasNext: false, byNumber: false };
    where.topics = { some: { topicId: topic.id } };
  }
  const found = await ctx.db.subscriber.findMany({
    where,
    include: subscriberInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (search.pagina - 1) * SUBSCRIBERS_PAGE_SIZE,
    take: SUBSCRIBERS_PAGE_SIZE + 1,
  });
  return {
    rows: found.slice(0, SUBSCRIBERS_PAGE_SIZE).map((s) => toListItem(ctx.cipher, actor.role, s)),
    page: search.pagina,
    hasNext: found.length > SUBSCRIBERS_PAGE_SIZE,
    byNumber: false,
  };
}
