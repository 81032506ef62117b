'use client';

/** Opens the browser's print dialog (the page's print stylesheet leaves only the report). */
export function PrintButton({ className }: { className?: string }) {
  return (
    <button type="button" className={`btn btn-primary ${className ?? ''}`} onClick={() => window.print()}>
      Stampa o salva in PDF
    </button>
  );
}
