import type { Settings } from '@/lib/settings/defaults';
import Link from 'next/link';

type StatementSettings = Pick<Settings, 'comuneName' | 'serviceName' | 'urpContacts' | 'accessibilityStatementUrl' | 'comuneWebsite'>;

/** The commitment, what was done, the feedback mechanism and the official AgID statement. */
export function AccessibilityStatement({ s }: { s: StatementSettings }) {
  return (
    <div className="row">
      <div className="col-lg-9">
        <h1 className="mb-3">Dichiarazione di accessibilità</h1>
        <p className="lead">
          {s.comuneName} vuole che «{s.serviceName}» possa essere usato da tutti, anche da chi usa un lettore di schermo, la sola tastiera o caratteri
          ingranditi.
        </p>

        <section aria-labelledby="impegno" className="mb-4">
          <h2 id="impegno">Il nostro impegno</h2>
          <p>
            Queste pagine sono progettate per rispettare la legge 9 gennaio 2004, n. 4 e le Linee guida AgID sull’accessibilità degli strumenti informatici, che
            richiamano la norma UNI EN 301549 e le WCAG 2.1 a livello AA. Usano il sistema di design della Pubblica Amministrazione (Bootstrap Italia).
          </p>
          <ul>
            <li>Tutte le pagine si usano con la sola tastiera; il primo collegamento porta direttamente al contenuto.</li>
            <li>Il modulo di iscrizione funziona anche senza JavaScript e spiega gli errori accanto a ogni campo.</li>
            <li>I codici QR hanno sempre un’alternativa: un pulsante e il testo da scrivere.</li>
            <li>Testi semplici, colori con un buon contrasto, pagine che si adattano allo schermo del telefono.</li>
          </ul>
        </section>

        <section aria-labelledby="dichiarazione-agid" className="mb-4">
          <h2 id="dichiarazione-agid">Dichiarazione ufficiale</h2>
          {s.accessibilityStatementUrl ? (
            <p>
              La dichiarazione di accessibilità ufficiale è pubblicata sul sito di AgID:{' '}
              <a href={s.accessibilityStatementUrl}>leggi la dichiarazione di accessibilità su AgID (sito esterno)</a>.
            </p>
          ) : (
            <p>
              Le dichiarazioni di accessibilità ufficiali del Comune sono pubblicate sul <a href={s.comuneWebsite}>sito istituzionale</a>, nella sezione
              dedicata all’accessibilità.
            </p>
          )}
        </section>

        <section aria-labelledby="segnala" className="mb-4">
          <h2 id="segnala">Segnala un problema</h2>
          <p>
            Se qualcosa non funziona o non riesci a usare il servizio, segnalalo a {s.urpContacts}. Indica la pagina e il problema: ti risponderemo entro 30
            giorni.
          </p>
          <p>
            Se la risposta non arriva o non ti soddisfa, puoi rivolgerti al Difensore civico per il digitale presso AgID:{' '}
            <a href="https://www.agid.gov.it">www.agid.gov.it</a>.
          </p>
        </section>

        <section aria-labelledby="alternative" className="mb-4">
          <h2 id="alternative">Un’alternativa al modulo</h2>
          <p>
            Puoi iscriverti anche senza usare questo sito: scrivi su WhatsApp <strong>Iscrivimi</strong> seguito da nome e cognome al numero del servizio
            indicato nella <Link href="/">pagina principale</Link>.
          </p>
        </section>
      </div>
    </div>
  );
}
