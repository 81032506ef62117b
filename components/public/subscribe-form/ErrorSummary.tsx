import type { MouseEvent, Ref } from 'react';

export interface SummaryItem {
  targetId: string;
  text: string;
}

interface Props {
  items: SummaryItem[];
  formError?: string;
  ref?: Ref<HTMLDivElement>;
}

/**
 * The list of problems at the top of the form, each linking to its field. The form moves focus
 * here when a submission fails, so screen readers read it first (GOV.UK's error summary pattern).
 */
export function ErrorSummary({ items, formError, ref }: Props) {
  if (items.length === 0 && !formError) return null;
  const focusField = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    const field = document.getElementById(id);
    if (!field) return;
    e.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  };
  return (
    <div ref={ref} className="alert alert-danger mb-4" tabIndex={-1}>
      <h2 className="h5">{items.length > 0 ? 'Controlla questi dati:' : 'Non è stato possibile inviare la richiesta'}</h2>
      {formError ? <p className={items.length > 0 ? undefined : 'mb-0'}>{formError}</p> : null}
      {items.length > 0 ? (
        <ul className="mb-0">
          {items.map((item) => (
            <li key={item.targetId}>
              <a href={`#${item.targetId}`} onClick={(e) => focusField(e, item.targetId)}>
                {item.text}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
