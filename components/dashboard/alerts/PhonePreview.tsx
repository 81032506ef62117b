import styles from './alerts.module.css';
import { WhatsAppText } from './WhatsAppText';

export interface PreviewMessage {
  header?: string;
  /** The body exactly as sent, WhatsApp markers included (validateForTemplate's `preview`). */
  body: string;
  footer?: string;
  buttons: string[];
}

/**
 * The alert as a subscriber's phone shows it. The accessible name is the caption; the message
 * parts carry data-part so tests (and styles) can find them.
 */
export function PhonePreview({ message, sender, caption = 'Anteprima sul telefono' }: { message: PreviewMessage; sender: string; caption?: string }) {
  return (
    <figure className="mb-4" aria-label={caption}>
      <div className={styles.phone}>
        <div className={styles.chatHeader} aria-hidden="true">
          {sender}
        </div>
        <div className={styles.screen}>
          <div className={styles.bubble}>
            {message.header ? (
              <p className={styles.header} data-part="header">
                <WhatsAppText text={message.header} />
              </p>
            ) : null}
            <p className={styles.body} data-part="body">
              <WhatsAppText text={message.body} />
            </p>
            {message.footer ? (
              <p className={styles.footer} data-part="footer">
                {message.footer}
              </p>
            ) : null}
            {message.buttons.length > 0 ? (
              <ul className={styles.buttons} aria-label="Pulsanti del messaggio">
                {message.buttons.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      </div>
      <figcaption className={styles.caption}>{caption}</figcaption>
    </figure>
  );
}
