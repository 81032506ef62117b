import type { Metadata } from 'next';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { listTopics } from '@/lib/subscriptions/list-topics';
import { TopicCommand } from './TopicCommand';
import { TopicForm } from './TopicForm';

export const metadata: Metadata = { title: 'Argomenti' };

const people = (n: number) => (n === 1 ? '1 iscritto' : `${n.toLocaleString('it-IT')} iscritti`);

/**
 * The topics citizens choose from (the subscription form, the chat list, the API), in their order.
 * Admins only. Retiring keeps the subscribers' choices, so a reactivation gives them back.
 */
export default async function TopicsPage() {
  const actor = await requireStaff('ADMIN');
  const topics = await listTopics(getAppContext(), { actor });
  const activeCount = topics.filter((t) => t.active).length;
  return (
    <>
      <PageTitle lead="Gli argomenti tra cui i cittadini scelgono nel modulo di iscrizione e nella lista «Argomenti» in chat, in quest’ordine.">
        Argomenti
      </PageTitle>
      <section aria-labelledby="topics-order-title" className="mb-5">
        <h2 id="topics-order-title" className="h4">
          Ordine degli argomenti
        </h2>
        <p>
          {activeCount} argomenti attivi. In chat ne stanno 10 per pagina: oltre i 10, la lista prosegue con «Altri argomenti». L’identificativo (ad esempio{' '}
          <code>viabilita</code>) non cambia mai: lo usano i sistemi collegati con l’API.
        </p>
        <ol className="list-unstyled">
          {topics.map((t, i) => (
            <li key={t.slug} className="border rounded p-3 mb-3">
              <h3 className="h5 mb-1">
                {i + 1}. {t.name}
                {t.active ? null : <span className="fw-normal"> (ritirato)</span>}
              </h3>
              {t.description ? <p className="mb-1">{t.description}</p> : null}
              <p className="small mb-2">
                Identificativo <code>{t.slug}</code> · {t.active ? `seguito da ${people(t.followers)}` : `lo seguivano ${people(t.followers)}`}
              </p>
              <div className="d-flex flex-wrap gap-2 align-items-start">
                <TopicCommand
                  op="move"
                  slug={t.slug}
                  direction="up"
                  disabled={i === 0}
                  label={
                    <>
                      Sposta su<span className="visually-hidden"> «{t.name}»</span>
                    </>
                  }
                />
                <TopicCommand
                  op="move"
                  slug={t.slug}
                  direction="down"
                  disabled={i === topics.length - 1}
                  label={
                    <>
                      Sposta giù<span className="visually-hidden"> «{t.name}»</span>
                    </>
                  }
                />
                {t.active ? null : <TopicCommand op="reactivate" slug={t.slug} variant="primary" label={<>Riattiva «{t.name}»</>} />}
              </div>
              <details className="mt-2">
                <summary>
                  Modifica nome e descrizione<span className="visually-hidden"> di «{t.name}»</span>
                </summary>
                <div className="mt-2">
                  <TopicForm slug={t.slug} defaults={{ name: t.name, description: t.description }} />
                </div>
              </details>
              {t.active ? (
                <details className="mt-2">
                  <summary className="text-danger">
                    Ritira<span className="visually-hidden"> «{t.name}»</span>…
                  </summary>
                  <div className="mt-2">
                    <p className="small mb-2" id={`retire-${t.slug}-help`}>
                      «{t.name}» non sarà più offerto nel modulo, in chat e dall’API, e i nuovi avvisi non potranno sceglierlo. Chi lo segue (
                      {people(t.followers)}) sarà informato: quando scrive «Argomenti» legge che non è più disponibile. Chi seguiva solo questo argomento
                      riceverà gli avvisi di tutti gli argomenti attivi. Le scelte restano salvate: riattivandolo tornano come prima.
                    </p>
                    <TopicCommand op="retire" slug={t.slug} variant="danger" label={<>Sì, ritira «{t.name}»</>} />
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="new-topic-title" className="row">
        <div className="col-xl-8">
          <h2 id="new-topic-title" className="h4">
            Nuovo argomento
          </h2>
          <p>Si aggiunge in fondo all’elenco; spostalo poi dove serve. Gli iscritti attuali non lo seguono finché non lo scelgono.</p>
          <TopicForm />
        </div>
      </section>
    </>
  );
}
