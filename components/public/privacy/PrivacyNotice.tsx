import type { Settings } from '@/lib/settings/defaults';
import { withPreposition } from '../italian';
import { PrivacyRights } from './PrivacyRights';

type NoticeSettings = Pick<Settings, 'comuneName' | 'serviceName' | 'privacyController' | 'privacyDpoContact' | 'privacyRetention' | 'privacyVersion'>;

/**
 * The notice required by art. 13 GDPR, plain language first: a short summary, then one heading per
 * item the article lists. Texts that differ between comuni come from the settings.
 */
export function PrivacyNotice({ s }: { s: NoticeSettings }) {
  return (
    <div className="row">
      <div className="col-lg-9">
        <h1 className="mb-3">Informativa privacy</h1>
        <p className="lead">
          Come {s.comuneName} usa i tuoi dati per il servizio «{s.serviceName}» (informativa ai sensi dell’art. 13 del Regolamento UE 2016/679, GDPR).
        </p>

        <section aria-labelledby="in-breve" className="callout">
          <div className="callout-inner mt-0 mb-5">
            <h2 id="in-breve" className="callout-title">
              In breve
            </h2>
            <ul className="mb-0">
              <li>Usiamo nome, cognome e numero di cellulare solo per inviarti su WhatsApp gli avvisi del Comune.</li>
              <li>Nome e numero sono conservati cifrati. Gli altri iscritti non vedono il tuo numero.</li>
              <li>I messaggi passano attraverso WhatsApp, servizio di Meta.</li>
              <li>
                Puoi cancellarti quando vuoi scrivendo <strong>Cancellami</strong>: nome e numero vengono eliminati subito.
              </li>
            </ul>
          </div>
        </section>

        <section aria-labelledby="titolare" className="mb-4">
          <h2 id="titolare">Chi è responsabile dei tuoi dati</h2>
          <p>
            Il titolare del trattamento è {s.privacyController}. Puoi contattare {s.privacyDpoContact}.
          </p>
        </section>

        <section aria-labelledby="finalita" className="mb-4">
          <h2 id="finalita">Perché usiamo i tuoi dati</h2>
          <ul>
            <li>Per inviarti su WhatsApp avvisi di pubblica utilità: viabilità, strade chiuse, urgenze e altre comunicazioni importanti.</li>
            <li>Per gestire la tua iscrizione, gli argomenti che scegli e la tua cancellazione.</li>
            <li>Per contare iscrizioni, cancellazioni e messaggi consegnati, in forma anonima.</li>
          </ul>
          <p>Non usiamo i tuoi dati per pubblicità, non li vendiamo e non creiamo profili su di te.</p>
        </section>

        <section aria-labelledby="base-giuridica" className="mb-4">
          <h2 id="base-giuridica">Su quale base li usiamo</h2>
          <p>
            Ricevere gli avvisi sul tuo telefono è una tua scelta: il trattamento si basa sul tuo <strong>consenso</strong> (art. 6, par. 1, lett. a, GDPR), che
            dai iscrivendoti e confermando da WhatsApp. Puoi revocarlo in qualsiasi momento scrivendo «Cancellami»; la revoca non rende illecito quanto fatto
            prima.
          </p>
          <p>
            Gli avvisi fanno parte della comunicazione istituzionale che il Comune svolge per compiti di <strong>interesse pubblico</strong> (art. 6, par. 1,
            lett. e, GDPR, e legge 7 giugno 2000, n. 150): per questo è il Comune a decidere i contenuti e quando inviarli. Iscriversi non è obbligatorio: le
            stesse informazioni restano disponibili sul sito e sugli altri canali del Comune.
          </p>
          <p>
            Conserviamo la prova della tua iscrizione e della tua cancellazione (data, canale, versione di questa informativa), senza nome né numero, perché il
            GDPR chiede di poter dimostrare il consenso (art. 7, par. 1).
          </p>
        </section>

        <section aria-labelledby="dati" className="mb-4">
          <h2 id="dati">Quali dati usiamo</h2>
          <ul>
            <li>Nome e cognome.</li>
            <li>Numero di cellulare.</li>
            <li>Gli argomenti che scegli.</li>
            <li>La data della richiesta, della conferma e dell’eventuale cancellazione.</li>
            <li>I messaggi che scrivi al numero del servizio, letti in automatico solo per eseguire i comandi (Iscrivimi, Argomenti, Cancellami, Aiuto).</li>
            <li>Lo stato di consegna degli avvisi (inviato, consegnato, letto), che WhatsApp comunica in automatico.</li>
          </ul>
          <p>
            <strong>Nome, cognome e numero sono conservati cifrati.</strong> Per riconoscere un numero usiamo un codice non reversibile. Anche l’indirizzo di
            rete da cui invii il modulo è trasformato in un codice non reversibile, usato solo per bloccare gli abusi. Il modulo non usa cookie di profilazione
            né servizi di altre aziende: la protezione contro lo spam funziona nel tuo browser, senza tracciarti.
          </p>
          <p>Darci i dati è facoltativo, ma senza nome e numero non possiamo iscriverti.</p>
        </section>

        <section aria-labelledby="destinatari" className="mb-4">
          <h2 id="destinatari">Chi riceve i tuoi dati</h2>
          <ul>
            <li>
              <strong>Meta Platforms Ireland Limited</strong>, che fornisce WhatsApp Business (Cloud API), come responsabile del trattamento (art. 28 GDPR):
              riceve il tuo numero e il testo degli avvisi per consegnarli. Meta conserva i messaggi per il tempo necessario alla consegna, al massimo 30
              giorni.
            </li>
            <li>I fornitori che gestiscono i sistemi informatici del Comune, anche loro come responsabili del trattamento.</li>
            <li>Il personale {withPreposition('di', s.comuneName)} autorizzato, solo per gestire il servizio.</li>
          </ul>
          <p>I dati non sono diffusi: non li pubblichiamo e non li diamo ad altri iscritti.</p>
        </section>

        <section aria-labelledby="extra-ue" className="mb-4">
          <h2 id="extra-ue">Trasferimenti fuori dall’Unione europea</h2>
          <p>
            Meta può trattare dati anche fuori dall’Unione europea, in particolare negli Stati Uniti. Secondo quanto dichiarato da Meta, questi trasferimenti si
            basano sulla decisione di adeguatezza della Commissione europea per le società aderenti all’EU-US Data Privacy Framework e, dove serve, sulle
            clausole contrattuali tipo approvate dalla Commissione (art. 45 e 46 GDPR).
          </p>
        </section>

        <section aria-labelledby="conservazione" className="mb-4">
          <h2 id="conservazione">Per quanto tempo li conserviamo</h2>
          <p>{s.privacyRetention}</p>
        </section>

        <PrivacyRights />

        <p className="mt-5 text-muted">Versione dell’informativa: {s.privacyVersion}</p>
      </div>
    </div>
  );
}
