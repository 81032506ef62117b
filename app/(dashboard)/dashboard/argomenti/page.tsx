import type { Metadata } from 'next';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { listTopics } from '@/lib/subscriptions/list-topics';
import { MoveTopicForm, TopicStatusForm } from './TopicCommand';
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
          Argomenti attivi: {activeCount}. In chat ne stanno 10 per pagina: oltre i 10, la lista prosegue con «Altri argomenti». L’identificativo (ad esempio{' '}
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
                <MoveTopicForm
                  slug={t.slug}
                  direction="up"
                  disabled={i === 0}
                  label={
                    <>
                      Sposta su<span className="visually-hidden"> «{t.name}»</span>
                    </>
                  }
                />
                <MoveTopicForm
                  slug={t.slug}
                  direction="down"
                  disabled={i === topics.length - 1}
                  label={
                    <>
                      Sposta giù<span className="visually-hidden"> «{t.name}»</span>
                    </>
                  }
                />
              </div>
              <TopicStatusForm slug={t.slug} name={t.name} active={t.active} followers={people(t.followers)} />
              <details className="mt-2">
                <summary>
                  Modifica nome e descrizione<span className="visually-hidden"> di «{t.name}»</span>
                </summary>
                <div className="mt-2">
                  <TopicForm slug={t.slug} defaults={{ name: t.name, description: t.description }} />
                </div>
              </details>
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
