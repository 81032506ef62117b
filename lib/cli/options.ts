import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { CliIo } from './command';

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>>['values'];

const REASONS: Record<string, (name: string) => string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: (n) => `Opzione sconosciuta: ${n}.`,
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: (n) => `Manca il valore di ${n} (per un valore che inizia con "-" scrivi ${n}=valore).`,
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: (n) => `Argomento inatteso: ${n} (le opzioni si scrivono --nome valore).`,
};

/**
 * The command's `--name value` / `--name=value` options (node:util parseArgs, strict). On an unknown
 * option, a missing value or a stray argument it prints why and the usage and returns null: the
 * command then exits with 2.
 */
export function cliOptions<const O extends ParseArgsOptionsConfig>(args: string[], options: O, usage: string, io: CliIo): Values<O> | null {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = typeof code === 'string' ? REASONS[code] : undefined;
    if (!reason) throw e;
    const name = /'([^' ]+)/.exec((e as Error).message)?.[1] ?? '?';
    io.out(reason(name));
    io.out(usage);
    return null;
  }
}
