import type { Metadata } from 'next';
import Link from 'next/link';
import { Pagination } from '@/components/dashboard/Pagination';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { searchSubscribers, subscriberSearchSchema, type SubscriberSearch, type SubscriberSearchResult } from '@/lib/subscribers/search-subscribers';
import { SubscriberFilters } from './SubscriberFilters';
import { SubscriberTable } from './SubscriberTable';

export const metadata: Metadata = { title: 'Iscritti' };

type Search = Promise<Record<string, string | string[] | undefined>>;

function pageHref(s: SubscriberSearch, pagina: number): string {
  const q = new URLSearchParams();
  for (const k of ['stato', 'argomento', 'canale'] as const) if (s[k]) q.set(k, s[k]);
  if (pagina > 1) q.set('pagina', String(pagina));
  const str = q.toString();
  return `/dashboard/iscritti${str ? `?${str}` : ''}`;
}

/**
 * Editors and admins (viewers see the aggregate statistics only). Numbers are masked for everyone;
 * admins can reveal one, which is audited. Names: full for admins, initials for editors.
 */
export default async function SubscribersPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const sp = await searchParams;
  const search = subscriberSearchSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const topics = await ctx.db.topic.findMany({ orderBy: { position: 'asc' }, select: { slug: true, name: true } });
  let result: SubscriberSearchResult | null = null;
  let numberError: string | undefined;
  try {
    result = await searchSubscribers(ctx, { actor, ...search });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'invalid_input') throw e;
    numberError = e.userMessage;
  }
  return (
    <>
      <PageTitle
        lead="Cerca una persona per numero, ad esempio quando chiama l’URP, e cancellala se lo chiede."
        actions={
          actor.role === 'ADMIN' ? (
            <Link href="/dashboard/iscritti/importa" className="btn btn-outline-primary">
              Importa un elenco
            </Link>
          ) : null
        }
      >
        Iscritti
      </PageTitle>
      {sp.cancellato === '1' ? <Notice kind="success">Iscritto cancellato: nome e numero sono stati eliminati e non riceverà più messaggi.</Notice> : null}
      <SubscriberFilters search={search} topics={topics} numberError={numberError} />
      {result ? (
        <>
          <p role="status">
            {result.byNumber
              ? result.rows.length === 0
                ? 'Nessun iscritto con questo numero.'
                : 'Trovato un iscritto con questo numero.'
              : result.rows.length === 0
                ? 'Nessun iscritto trovato.'
                : `Pagina ${result.page}: ${result.rows.length} iscritti, dal più recente.`}
          </p>
          {result.rows.length > 0 ? <SubscriberTable rows={result.rows} canReveal={actor.role === 'ADMIN'} /> : null}
          {!result.byNumber ? <Pagination page={result.page} hasNext={result.hasNext} href={(p) => pageHref(search, p)} label="Pagine degli iscritti" /> : null}
        </>
      ) : null}
    </>
  );
}
