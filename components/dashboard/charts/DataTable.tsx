import type { ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers are right-aligned. */
  numeric?: boolean;
}

/**
 * The text alternative of a chart: every number it draws, in a real table, behind a <details>
 * so the page stays short (and readable without JavaScript, CSS or sight).
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  summary = 'Mostra i dati in tabella',
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  summary?: string;
}) {
  return (
    <details className="mt-2">
      <summary>{summary}</summary>
      <div className="table-responsive mt-2" tabIndex={0} role="region" aria-label={caption}>
        <table className="table table-sm">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'text-end' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c, i) =>
                  i === 0 ? (
                    <th key={c.header} scope="row" className="fw-normal">
                      {c.cell(r)}
                    </th>
                  ) : (
                    <td key={c.header} className={c.numeric ? 'text-end' : undefined}>
                      {c.cell(r)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
