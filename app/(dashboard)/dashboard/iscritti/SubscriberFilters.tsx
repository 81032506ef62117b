import Link from 'next/link';
import { SOURCE_LABELS, STATUS_LABELS } from '@/components/dashboard/charts/labels';
import type { SubscriberSearch } from '@/lib/subscribers/search-subscribers';

/** A GET form: the filters live in the address, so a search can be bookmarked and works without JavaScript. */
export function SubscriberFilters({
  search,
  topics,
  numberError,
}: {
  search: SubscriberSearch;
  topics: { slug: string; name: string }[];
  numberError?: string;
}) {
  return (
    <form method="get" action="/dashboard/iscritti" className="mb-4" aria-label="Cerca iscritti">
      <div className="row g-3 align-items-end">
        <div className="col-md-6 col-xl-3">
          <div className="form-group mb-0">
            <label htmlFor="f-numero" className="active">
              Numero di cellulare
            </label>
            <input
              id="f-numero"
              name="numero"
              type="search"
              inputMode="tel"
              autoComplete="off"
              className={`form-control${numberError ? ' is-invalid' : ''}`}
              defaultValue={search.numero ?? ''}
              aria-describedby={numberError ? 'f-numero-help f-numero-error' : 'f-numero-help'}
              aria-invalid={numberError ? true : undefined}
            />
            <small id="f-numero-help" className="form-text">
              Il numero intero, ad esempio 333 123 4567: la ricerca trova solo quel numero.
            </small>
            {numberError ? (
              <div id="f-numero-error" className="text-danger small mt-1">
                {numberError}
              </div>
            ) : null}
          </div>
        </div>
        <Select id="f-stato" name="stato" label="Stato" value={search.stato} options={Object.entries(STATUS_LABELS)} all="Tutti" />
        <Select id="f-argomento" name="argomento" label="Argomento" value={search.argomento} options={topics.map((t) => [t.slug, t.name])} all="Tutti" />
        <Select id="f-canale" name="canale" label="Canale di iscrizione" value={search.canale} options={Object.entries(SOURCE_LABELS)} all="Tutti" />
        <div className="col-xl-3 d-flex gap-2">
          <button type="submit" className="btn btn-primary">
            Cerca
          </button>
          <Link href="/dashboard/iscritti" className="btn btn-outline-primary">
            Azzera
          </Link>
        </div>
      </div>
    </form>
  );
}

function Select({
  id,
  name,
  label,
  value,
  options,
  all,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
  all: string;
}) {
  return (
    <div className="col-md-6 col-xl-2">
      <div className="select-wrapper form-group mb-0">
        <label htmlFor={id} className="active">
          {label}
        </label>
        <select id={id} name={name} defaultValue={value ?? ''}>
          <option value="">{all}</option>
          {options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
