/** Art. 13.2 (b)-(d) GDPR: the rights, how to use them, the complaint to the Garante. */
export function PrivacyRights() {
  return (
    <>
      <section aria-labelledby="diritti" className="mb-4">
        <h2 id="diritti">I tuoi diritti</h2>
        <p>In ogni momento puoi chiedere:</p>
        <ul>
          <li>di sapere quali dati abbiamo su di te e di averne una copia (accesso, art. 15 GDPR);</li>
          <li>di correggerli (rettifica, art. 16);</li>
          <li>
            di cancellarli (art. 17): il modo più semplice è scrivere <strong>Cancellami</strong> al numero del servizio;
          </li>
          <li>di limitarne l’uso (limitazione, art. 18);</li>
          <li>di riceverli in un formato leggibile da un computer (portabilità, art. 20);</li>
          <li>di non farli più usare (opposizione, art. 21);</li>
          <li>di revocare il consenso, scrivendo «Cancellami» (art. 7, par. 3).</li>
        </ul>
        <p>Per esercitare questi diritti contatta il titolare o il responsabile della protezione dei dati ai recapiti indicati sopra.</p>
      </section>

      <section aria-labelledby="reclamo" className="mb-4">
        <h2 id="reclamo">Reclamo</h2>
        <p>
          Se pensi che i tuoi dati siano trattati in modo non corretto, puoi presentare reclamo al Garante per la protezione dei dati personali (art. 77 GDPR):{' '}
          <a href="https://www.garanteprivacy.it">www.garanteprivacy.it</a>.
        </p>
      </section>

      <section aria-labelledby="decisioni" className="mb-4">
        <h2 id="decisioni">Decisioni automatiche</h2>
        <p>Non prendiamo decisioni che ti riguardano basate solo su trattamenti automatici e non facciamo profilazione.</p>
      </section>
    </>
  );
}
