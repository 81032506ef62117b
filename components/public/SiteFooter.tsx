import type { Settings } from '@/lib/settings/defaults';
import { prepositionFor } from './italian';
import Link from 'next/link';

type FooterSettings = Pick<Settings, 'comuneName' | 'comuneWebsite' | 'serviceName' | 'urpContacts' | 'accessibilityStatementUrl'>;

/** Bootstrap Italia footer: who runs the service, how to reach the comune, the legal links. */
export function SiteFooter({ s }: { s: FooterSettings }) {
  return (
    <footer className="it-footer">
      <div className="it-footer-main">
        <div className="container">
          <div className="row py-4">
            <div className="col-md-6 pb-3">
              <p className="h4 text-white mb-2">{s.serviceName}</p>
              <p className="mb-0">
                Un servizio {prepositionFor('di', s.comuneName)}{' '}
                <a href={s.comuneWebsite} className="text-white">
                  {s.comuneName}
                </a>
              </p>
              <p className="mt-2 mb-0">
                <Link href="/avvisi" className="text-white">
                  Avvisi inviati
                </Link>{' '}
                ·{' '}
                <a href="/avvisi/feed.xml" type="application/rss+xml" className="text-white">
                  Feed RSS
                </a>{' '}
                ·{' '}
                <a href="/avvisi/atom.xml" type="application/atom+xml" className="text-white">
                  Feed Atom
                </a>
              </p>
            </div>
            <div className="col-md-6 pb-3">
              <h2 className="h5 text-white">Per parlare con il Comune</h2>
              <p className="mb-0">Questo numero WhatsApp non legge i messaggi. Per domande o segnalazioni contatta {s.urpContacts}.</p>
            </div>
          </div>
        </div>
      </div>
      <div className="it-footer-small-prints clearfix">
        <div className="container">
          <nav aria-label="Informazioni legali">
            <ul className="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
              <li className="list-inline-item">
                <Link href="/privacy">Informativa privacy</Link>
              </li>
              <li className="list-inline-item">
                <Link href="/accessibilita">Dichiarazione di accessibilità</Link>
              </li>
              {s.accessibilityStatementUrl ? (
                <li className="list-inline-item">
                  <a href={s.accessibilityStatementUrl}>Dichiarazione di accessibilità su AgID (sito esterno)</a>
                </li>
              ) : null}
              <li className="list-inline-item">
                <a href={s.comuneWebsite}>Sito istituzionale: {s.comuneName}</a>
              </li>
            </ul>
          </nav>
        </div>
      </div>
    </footer>
  );
}
