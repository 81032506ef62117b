import Link from 'next/link';

/**
 * Previous / current / next, as Bootstrap Italia draws it; nothing when there is only one page.
 * Give `totalPages` when it is known ("2 di 5"), or only `hasNext` for lists that do not count.
 */
export function Pagination({
  page,
  totalPages,
  hasNext,
  href,
  label,
}: {
  page: number;
  totalPages?: number;
  hasNext?: boolean;
  href: (p: number) => string;
  label: string;
}) {
  const current = totalPages ? Math.min(page, totalPages) : page;
  const next = totalPages ? current < totalPages : Boolean(hasNext);
  if (current <= 1 && !next) return null;
  return (
    <nav className="pagination-wrapper" aria-label={label}>
      <ul className="pagination">
        <li className={`page-item${current <= 1 ? ' disabled' : ''}`}>
          {current > 1 ? (
            <Link className="page-link" href={href(current - 1)}>
              Precedente
            </Link>
          ) : (
            <span className="page-link">Precedente</span>
          )}
        </li>
        <li className="page-item active">
          <span className="page-link" aria-current="page">
            {totalPages ? `${current} di ${totalPages}` : current}
          </span>
        </li>
        <li className={`page-item${next ? '' : ' disabled'}`}>
          {next ? (
            <Link className="page-link" href={href(current + 1)}>
              Successiva
            </Link>
          ) : (
            <span className="page-link">Successiva</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
