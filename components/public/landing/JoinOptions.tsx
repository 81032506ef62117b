import { QrCode } from '../QrCode';
import Link from 'next/link';

interface Props {
  serviceName: string;
  formattedNumber: string;
  joinLink: string;
}

/** The two ways to join: the web form, or writing "Iscrivimi Nome Cognome" on WhatsApp. */
export function JoinOptions({ serviceName, formattedNumber, joinLink }: Props) {
  return (
    <section aria-labelledby="come-iscriversi" className="mb-5">
      <h2 id="come-iscriversi">Come iscriversi</h2>
      <p>Puoi scegliere uno dei due modi. Bastano pochi minuti.</p>
      <div className="row g-4">
        <div className="col-lg-5">
          <div className="card card-bg h-100 border">
            <div className="card-body">
              <h3 className="h4 card-title">1. Con il modulo online</h3>
              <p>Scrivi nome, cognome e numero di cellulare. Poi confermi con un messaggio WhatsApp già pronto da inviare.</p>
              <Link className="btn btn-primary btn-lg" href="/iscriviti">
                Compila il modulo di iscrizione
              </Link>
            </div>
          </div>
        </div>
        <div className="col-lg-7">
          <div className="card card-bg h-100 border">
            <div className="card-body">
              <h3 className="h4 card-title">2. Direttamente da WhatsApp</h3>
              <ol>
                <li className="mb-2">
                  Salva nella rubrica del telefono il numero <span className="big-number text-nowrap">{formattedNumber}</span> con il nome «{serviceName}».{' '}
                  <a href="/contatto.vcf">Scarica il contatto per la rubrica</a>
                </li>
                <li className="mb-2">
                  Apri WhatsApp e scrivi a questo numero la parola <strong>Iscrivimi</strong> seguita da nome e cognome. Per esempio:{' '}
                  <strong>Iscrivimi Mario Rossi</strong>
                </li>
                <li>Riceverai un messaggio che conferma l’iscrizione.</li>
              </ol>
              <p>
                <a className="btn btn-outline-primary btn-lg" href={joinLink}>
                  Scrivi su WhatsApp
                </a>
              </p>
              <p className="mb-2">Il pulsante apre WhatsApp con la parola «Iscrivimi» già scritta: aggiungi nome e cognome e invia.</p>
              <div className="d-flex flex-column flex-sm-row gap-3 align-items-sm-center">
                <QrCode value={joinLink} label={`Codice QR: apre WhatsApp per scrivere «Iscrivimi» al numero ${formattedNumber}`} />
                <p className="mb-0">Sei al computer? Inquadra il codice con la fotocamera del telefono: si apre WhatsApp con il messaggio da completare.</p>
              </div>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}
