import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SOURCE_LABELS, STATUS_LABELS } from '@/components/dashboard/charts/labels';
import { formatRome } from '@/components/dashboard/format';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { getSubscriber } from '@/lib/subscribers/get-subscriber';
import { USERNAME_ONLY_LABEL } from '@/lib/subscribers/subscriber-view';
import { UnsubscribeForm } from './UnsubscribeForm';

export const metadata: Metadata = { title: 'Cancella un iscritto' };

/** The confirmation step of a manual unsubscribe: who, what happens, an optional note. */
export default async function UnsubscribePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff('EDITOR');
  const { id } = await params;
  const s = await getSubscriber(getAppContext(), { actor, subscriberId: id }).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'not_found') notFound();
    throw e;
  });
  return (
    <>
      <PageTitle lead="Da usare quando la persona lo chiede, ad esempio per telefono all’URP.">Cancella un iscritto</PageTitle>
      <dl className="row mb-4">
        <dt className="col-sm-3">Numero</dt>
        <dd className="col-sm-9">{s.maskedNumber ?? (s.maskedUserId ? `${s.maskedUserId}, ${USERNAME_ONLY_LABEL}` : 'cancellato')}</dd>
        <dt className="col-sm-3">Nome</dt>
        <dd className="col-sm-9">{s.name ?? '—'}</dd>
        <dt className="col-sm-3">Stato</dt>
        <dd className="col-sm-9">{STATUS_LABELS[s.status]}</dd>
        <dt className="col-sm-3">Canale</dt>
        <dd className="col-sm-9">{SOURCE_LABELS[s.source]}</dd>
        <dt className="col-sm-3">Richiesta</dt>
        <dd className="col-sm-9">{formatRome(s.createdAt, 'date')}</dd>
      </dl>
      {s.status === 'UNSUBSCRIBED' ? (
        <p>Questa persona risulta già cancellata.</p>
      ) : (
        <>
          <p>
            Confermando, nome e numero vengono eliminati subito, la persona non riceve più avvisi e la cancellazione viene registrata (registro dei consensi e
            registro attività). Per iscriversi di nuovo dovrà scrivere «Iscrivimi» su WhatsApp.
          </p>
          <UnsubscribeForm id={s.id} />
        </>
      )}
      <p className="mt-4">
        <Link href="/dashboard/iscritti">Torna agli iscritti</Link>
      </p>
    </>
  );
}
