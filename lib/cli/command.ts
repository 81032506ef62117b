import type { AppContext } from '../context';

/** What a command may do besides its use cases: read a file, print a line, ask for a secret. */
export interface CliIo {
  readFile(path: string): Promise<string>;
  out(line: string): void;
  /** Asks for a secret without echo; absent = the terminal (see commands-auth.ts). */
  promptSecret?(question: string): Promise<string | null>;
}

export interface Command {
  help: string;
  run(ctx: AppContext, args: string[], io: CliIo): Promise<number>;
}
