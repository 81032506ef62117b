import Link from 'next/link';
import { withPreposition } from '../italian';

/** What the service is, in the words of the comune's announcement. */
export function HowItWorks({ comuneName }: { comuneName: string }) {
  return (
    <section aria-labelledby="come-funziona" className="mb-5">
      <h2 id="come-funziona">Come funziona</h2>
      <ul className="lead">
        <li>
          Ricevi sul telefono, con WhatsApp, gli avvisi del servizio: <strong>viabilità, strade chiuse, urgenze</strong>.
        </li>
        <li>Pochi messaggi, solo quando servono.</li>
        <li>
          È un canale <strong>solo in arrivo</strong>: puoi ricevere i messaggi, ma nessuno legge le risposte. Per parlare con il Comune usa i contatti indicati
          in fondo alla pagina.
        </li>
        <li>
          <strong>Il tuo numero non è visibile agli altri iscritti</strong>: non è un gruppo.
        </li>
        <li>Il servizio è gratuito ed è gestito {withPreposition('da', comuneName)}.</li>
      </ul>
      <p>
        Vuoi vedere che tipo di messaggi arrivano? <Link href="/avvisi">Leggi gli avvisi già inviati</Link>.
      </p>
    </section>
  );
}
