import type { ReactNode } from 'react';

/** The page's one <h1>, with an optional line of explanation and actions on the right. */
export function PageTitle({ children, lead, actions }: { children: ReactNode; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="d-flex flex-wrap justify-content-between align-items-start gap-3 mb-4">
      <div>
        <h1 className="h2 mb-2">{children}</h1>
        {lead ? <p className="lead mb-0">{lead}</p> : null}
      </div>
      {actions ? <div className="d-flex gap-2">{actions}</div> : null}
    </div>
  );
}
