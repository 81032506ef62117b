/** How WhatsApp formatting is written, and what happens to line breaks (template rule 132018). */
export function FormattingHelp() {
  return (
    <details className="mb-4">
      <summary>Come formattare il testo</summary>
      <ul className="mt-2 mb-1">
        <li>
          <code>*grassetto*</code> diventa <strong>grassetto</strong>
        </li>
        <li>
          <code>_corsivo_</code> diventa <em>corsivo</em>
        </li>
        <li>
          <code>~barrato~</code> diventa <s>barrato</s>
        </li>
        <li>
          <code>```monospazio```</code> diventa <code>monospazio</code>
        </li>
      </ul>
      <p className="small mb-0">
        WhatsApp non permette di andare a capo nel testo di un avviso: le righe vengono unite con «—» e le voci di un elenco (righe che iniziano con «-») con
        «•». L’anteprima mostra il risultato esatto.
      </p>
    </details>
  );
}
