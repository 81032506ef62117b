import type { Metadata } from 'next';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { listZones } from '@/lib/zones/list-zones';
import { kindLabel } from '@/lib/zones/zone-schema';
import { ConfirmZonesForm, MoveZoneForm, ZoneStatusForm } from './ZoneCommand';
import { ZoneForm } from './ZoneForm';

export const metadata: Metadata = { title: 'Zone' };

const people = (n: number) => (n === 1 ? '1 iscritto' : `${n.toLocaleString('it-IT')} iscritti`);

/**
 * The quartieri and frazioni citizens choose from in the chat list «Zone» (and alerts target), in
 * their order. Admins only. Retiring keeps the subscribers' choices, so a reactivation gives them back.
 */
export default async function ZonesPage() {
  const actor = await requireStaff('ADMIN');
  const zones = await listZones(getAppContext(), { actor });
  const active = zones.filter((z) => z.active);
  const examples = active.some((z) => z.isExample);
  return (
    <>
      <PageTitle lead="I quartieri e le frazioni tra cui i cittadini scelgono nella lista «Zone» in chat, in quest’ordine. Chi non sceglie nessuna zona riceve gli avvisi di tutto il Comune.">
        Zone
      </PageTitle>
      {examples ? (
        <section aria-labelledby="zones-example-title" className="mb-4">
          <Notice kind="warning">
            <h2 id="zones-example-title" className="h5">
              Elenco di esempio: controllate i nomi prima di aprire il servizio
            </h2>
            <p>
              Queste zone sono un esempio preparato con Banditore. Correggete, ritirate o aggiungete le zone del vostro Comune; quando l’elenco è giusto,
              confermatelo. Salvare una zona la conferma già.
            </p>
            <ConfirmZonesForm />
          </Notice>
        </section>
      ) : null}
      <section aria-labelledby="zones-order-title" className="mb-5">
        <h2 id="zones-order-title" className="h4">
          Ordine delle zone
        </h2>
        <p>
          Zone attive: {active.length}. In chat ne stanno 10 per pagina: oltre, la lista prosegue con «Altre zone». L’identificativo (ad esempio{' '}
          <code>centro</code>) non cambia mai: lo usano i sistemi collegati con l’API.
        </p>
        {zones.length === 0 ? <p>Nessuna zona: gli avvisi vanno a tutto il Comune e la chat non offre la lista «Zone».</p> : null}
        <ol className="list-unstyled">
          {zones.map((z, i) => (
            <li key={z.slug} className="border rounded p-3 mb-3">
              <h3 className="h5 mb-1">
                {i + 1}. {z.name}
                {z.active ? null : <span className="fw-normal"> (ritirata)</span>}
                {z.active && z.isExample ? <span className="fw-normal"> (esempio)</span> : null}
              </h3>
              <p className="mb-1">
                {kindLabel(z.kind)}
                {z.description ? ` · ${z.description}` : null}
              </p>
              <p className="small mb-2">
                Identificativo <code>{z.slug}</code> · {z.active ? `scelta da ${people(z.subscribers)}` : `l’avevano scelta ${people(z.subscribers)}`}
              </p>
              <div className="d-flex flex-wrap gap-2 align-items-start">
                <MoveZoneForm
                  slug={z.slug}
                  direction="up"
                  disabled={i === 0}
                  label={
                    <>
                      Sposta su<span className="visually-hidden"> «{z.name}»</span>
                    </>
                  }
                />
                <MoveZoneForm
                  slug={z.slug}
                  direction="down"
                  disabled={i === zones.length - 1}
                  label={
                    <>
                      Sposta giù<span className="visually-hidden"> «{z.name}»</span>
                    </>
                  }
                />
              </div>
              <ZoneStatusForm slug={z.slug} name={z.name} active={z.active} subscribers={people(z.subscribers)} />
              <details className="mt-2">
                <summary>
                  Modifica nome, tipo e descrizione<span className="visually-hidden"> di «{z.name}»</span>
                </summary>
                <div className="mt-2">
                  <ZoneForm slug={z.slug} defaults={{ name: z.name, kind: z.kind, description: z.description }} />
                </div>
              </details>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="new-zone-title" className="row">
        <div className="col-xl-8">
          <h2 id="new-zone-title" className="h4">
            Nuova zona
          </h2>
          <p>Si aggiunge in fondo all’elenco; spostala poi dove serve. Gli iscritti la trovano nella lista «Zone» in chat.</p>
          <ZoneForm />
        </div>
      </section>
    </>
  );
}
