import Link from 'next/link';

/** How to leave, and where the privacy notice is. */
export function LeaveAndPrivacy() {
  return (
    <>
      <section aria-labelledby="come-cancellarsi" className="mb-5">
        <h2 id="come-cancellarsi">Come cancellarsi</h2>
        <p className="lead">
          Quando vuoi, scrivi <strong>Cancellami</strong> allo stesso numero su WhatsApp. Non riceverai più messaggi e il tuo nome e il tuo numero vengono
          cancellati subito.
        </p>
      </section>
      <section aria-labelledby="i-tuoi-dati" className="mb-4">
        <h2 id="i-tuoi-dati">I tuoi dati</h2>
        <p>
          Usiamo nome, cognome e numero di cellulare solo per inviarti gli avvisi. Sono conservati in forma cifrata e non vengono dati a nessuno per altri
          scopi. <Link href="/privacy">Leggi l’informativa privacy</Link>
        </p>
      </section>
    </>
  );
}
