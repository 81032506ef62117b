import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as sent over SMTP (headers and body). */
  raw: string;
}

export interface LocalSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** What the server answers to the next DATA: 'ok', a temporary 451 or a permanent 550. */
  mode: 'ok' | 'temporary' | 'permanent';
  /** Waits until at least n mails have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 for tests (the smtp-server package): plain SMTP, login with any
 * user "banditore" / "segreto", every mail kept in `received`. On a free port unless told one
 * (the browser journeys give the server under test a fixed SMTP_URL).
 */
export async function startLocalSmtp(opts: { port?: number } = {}): Promise<LocalSmtp> {
  const state: LocalSmtp = {
    port: 0,
    url: '',
    received: [],
    mode: 'ok',
    async waitFor(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (state.received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mails, got ${state.received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return state.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    // No DNS here or in CI: the client is 127.0.0.1 and its name is of no use.
    disableReverseLookup: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'banditore' && auth.password === 'segreto') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.mode !== 'ok') {
          const err = new Error(state.mode === 'temporary' ? 'Try again later' : 'Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = state.mode === 'temporary' ? 451 : 550;
          return cb(err);
        }
        state.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  state.port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  state.url = `smtp://banditore:segreto@127.0.0.1:${state.port}`;
  return state;
}
