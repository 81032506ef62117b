import type { AppContext } from '../context';
import type { ConfiguredKeys } from '../privacy/data-key-fingerprint';

/** What a command may do besides its use cases: read a file, print a line, ask for a secret. */
export interface CliIo {
  readFile(path: string): Promise<string>;
  /** The file as a stream of bytes (large imports); absent = readFile. */
  openFile?(path: string): AsyncIterable<Uint8Array>;
  out(line: string): void;
  /** Asks for a secret without echo; absent = the terminal (see commands-auth.ts). */
  promptSecret?(question: string): Promise<string | null>;
  /** The configured data keys (DATA_ENCRYPTION_KEY, DATA_ENCRYPTION_KEY_PREVIOUS), for keys:*. */
  dataKeys?: ConfiguredKeys;
}

export interface Command {
  help: string;
  run(ctx: AppContext, args: string[], io: CliIo): Promise<number>;
}
