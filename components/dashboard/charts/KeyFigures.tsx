import { formatNumber } from './format';

export interface Figure {
  label: string;
  value: number;
  /** One short line under the number. */
  note?: string;
}

/** The big numbers at the top of a page: a list of cards, each a label then its value. */
export function KeyFigures({ figures, label }: { figures: Figure[]; label: string }) {
  return (
    <ul className="row g-3 mb-4 list-unstyled" aria-label={label}>
      {figures.map((f) => (
        <li key={f.label} className="col-sm-6 col-xl-3">
          <div className="card card-bg shadow-sm h-100">
            <div className="card-body">
              <p className="mb-1">{f.label}</p>
              <p className="h2 fw-semibold mb-0">{formatNumber(f.value)}</p>
              {f.note ? <p className="small mb-0 mt-1">{f.note}</p> : null}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Opt-ins and opt-outs today / 7 / 30 days as a small table (two rows, three periods). */
export function ConsentWindows({ optIns, optOuts }: { optIns: Windows; optOuts: Windows }) {
  const rows: [string, Windows][] = [
    ['Iscrizioni', optIns],
    ['Cancellazioni', optOuts],
  ];
  return (
    <div className="table-responsive mb-4" tabIndex={0} role="region" aria-label="Iscrizioni e cancellazioni">
      <table className="table">
        <caption>Iscrizioni e cancellazioni (giorni di calendario, ora italiana)</caption>
        <thead>
          <tr>
            <td />
            <th scope="col" className="text-end">
              Oggi
            </th>
            <th scope="col" className="text-end">
              Ultimi 7 giorni
            </th>
            <th scope="col" className="text-end">
              Ultimi 30 giorni
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, w]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="text-end">{formatNumber(w.today)}</td>
              <td className="text-end">{formatNumber(w.last7Days)}</td>
              <td className="text-end">{formatNumber(w.last30Days)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Windows {
  today: number;
  last7Days: number;
  last30Days: number;
}
