import Link from 'next/link';

/** Previous / current / next, as Bootstrap Italia draws it; nothing when there is one page. */
export function Pagination({ page, totalPages, href, label }: { page: number; totalPages: number; href: (p: number) => string; label: string }) {
  if (totalPages <= 1) return null;
  const current = Math.min(page, totalPages);
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
            {current} di {totalPages}
          </span>
        </li>
        <li className={`page-item${current >= totalPages ? ' disabled' : ''}`}>
          {current < totalPages ? (
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
