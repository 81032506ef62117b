/** Small pieces shared by the staff pages. */
export function RoleHelp({ id }: { id: string }) {
  return (
    <small id={id} className="form-text">
      Amministratore: tutto, compresi utenti e impostazioni. Redattore: scrive e invia avvisi. Lettore: vede statistiche e impostazioni, non modifica nulla.
    </small>
  );
}

export function SecretOnce({ value }: { value: string }) {
  return (
    <div className="callout callout-highlight mb-4">
      <p className="mb-1">Password temporanea (mostrata solo ora):</p>
      <p className="h4 mb-0">
        <code>{value}</code>
      </p>
    </div>
  );
}
