import { formatDisplayNumber } from '@/lib/contact/display-number';
import type { ConfirmationDetails } from '@/lib/subscriptions/confirmation';
import { CopyButton } from '../CopyButton';
import { QrCode } from '../QrCode';

const expiryFormat = new Intl.DateTimeFormat('it-IT', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });

/**
 * The last step of a web subscription: the person sends the prepared message from their own phone,
 * which proves the number is theirs. Three ways: the button (on the phone), the QR code (from a
 * computer), or typing the text by hand.
 */
export function ConfirmationSteps({ details, simulatorHref }: { details: ConfirmationDetails; simulatorHref?: string }) {
  const number = formatDisplayNumber(details.displayNumber);
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">Ultimo passo: conferma da WhatsApp</h1>
        <div className="callout">
          <div className="callout-inner mt-0 mb-5">
            <p className="callout-title">Richiesta ricevuta, ma non ancora attiva</p>
            <p className="mb-0">
              La richiesta diventa attiva solo quando invii, <strong>dal cellulare che hai indicato</strong>, il messaggio qui sotto. Così siamo sicuri che il
              numero è proprio il tuo. Dopo l’invio riceverai su WhatsApp un messaggio di conferma.
            </p>
          </div>
        </div>

        <section aria-labelledby="dal-telefono" className="mb-5">
          <h2 id="dal-telefono">Se stai usando il telefono</h2>
          <p>Premi il pulsante: si apre WhatsApp con il messaggio già scritto. Poi premi il tasto di invio.</p>
          <a className="btn btn-primary btn-lg" href={details.waLink}>
            Apri WhatsApp e invia il messaggio
          </a>
        </section>

        <section aria-labelledby="dal-computer" className="mb-5">
          <h2 id="dal-computer">Se stai usando un computer</h2>
          <p>Inquadra questo codice con la fotocamera del telefono: si apre WhatsApp con il messaggio già scritto. Poi premi il tasto di invio.</p>
          <QrCode value={details.waLink} label={`Codice QR: apre WhatsApp con il messaggio «${details.text}» per il numero ${number}`} />
        </section>

        <section aria-labelledby="a-mano" className="mb-5">
          <h2 id="a-mano">Oppure scrivi tu il messaggio</h2>
          <p className="mb-1">Invia su WhatsApp al numero</p>
          <p className="big-number">{number}</p>
          <p className="mb-1">questo messaggio, esattamente così:</p>
          <p className="message-to-send border rounded p-3 bg-light">{details.text}</p>
          <CopyButton text={details.text} label="Copia il messaggio" />
        </section>

        <p>
          <strong>La richiesta scade dopo 48 ore</strong>, {expiryFormat.format(details.expiresAt)}. Se il messaggio non arriva entro allora, dovrai compilare
          di nuovo il modulo.
        </p>

        {simulatorHref ? (
          <div className="callout warning">
            <div className="callout-inner">
              <p className="callout-title">Versione dimostrativa</p>
              <p className="mb-0">
                Questa installazione usa un WhatsApp simulato: nessun messaggio vero viene inviato. <a href={simulatorHref}>Prova con il telefono simulato</a>
              </p>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
