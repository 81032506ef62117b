import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { titillium } from './fonts';

// Pages set the service name in their title through their layout's template (it is a database
// setting, and the root layout must not need a database at build time).
export const metadata: Metadata = {
  title: { default: 'Avvisi WhatsApp del Comune', template: '%s' },
  description: 'Servizio del Comune per ricevere su WhatsApp avvisi su viabilità, strade chiuse e urgenze.',
  robots: { index: true, follow: true },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** Every layout below puts its <main> at id="main-content": the skip link's target. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="it" className={titillium.variable}>
      <body>
        <div className="skiplinks">
          <a className="visually-hidden-focusable" href="#main-content">
            Vai al contenuto principale
          </a>
        </div>
        {children}
      </body>
    </html>
  );
}
