import { systemActor } from '../access/actor';
import { createStaffUser } from '../auth/create-staff-user';
import { TEMPORARY_PASSWORD_MS } from '../auth/policy';
import { resetStaffPassword, resetStaffTotp } from '../auth/reset-staff-credentials';
import { setStaffDisabled } from '../auth/set-staff-disabled';
import { staffEmailSchema, ROLES } from '../auth/staff-schema';
import { isAppError } from '../errors';
import type { CliIo, Command } from './command';
import { cliOptions } from './options';

const cli = systemActor('cli');
const CREATE_USAGE = 'Uso: user:create --email E --role admin|editor|viewer [--name N] [--password P] [--permanent]';
const EMAIL_ONLY = { email: { type: 'string' } } as const;

/** Runs a use case; its refusal (AppError) is printed and the command exits with 1. */
async function orRefusal(io: CliIo, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    io.out(`Errore: ${e.userMessage}`);
    return 1;
  }
}

/**
 * Reads a line from the terminal without echoing it (passwords). Returns null on Ctrl+C / Ctrl+D
 * or when stdin is not a terminal.
 */
function promptHidden(question: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(null);
  process.stdout.write(question);
  return new Promise((resolve) => {
    let value = '';
    const finish = (result: string | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003' || ch === '\u0004') return finish(null);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function askPassword(io: CliIo): Promise<string | null> {
  const prompt = io.promptSecret ?? promptHidden;
  const first = await prompt('Password (almeno 12 caratteri): ');
  if (first === null) return null;
  const again = await prompt('Ripeti la password: ');
  if (again !== first) {
    io.out('Le due password non coincidono.');
    return null;
  }
  return first;
}

/** The user named by `--email`, or the exit code: 2 for bad options, 1 for nobody with that email. */
async function findUser(ctx: Parameters<Command['run']>[0], args: string[], name: string, io: CliIo): Promise<{ id: string; email: string } | number> {
  const o = cliOptions(args, EMAIL_ONLY, `Uso: ${name} --email nome@comune.it`, io);
  if (!o) return 2;
  const email = staffEmailSchema.safeParse(o.email ?? '');
  const user = email.success ? await ctx.db.staffUser.findUnique({ where: { email: email.data }, select: { id: true, email: true } }) : null;
  if (!user) io.out(email.success ? `Nessun utente con email ${email.data}.` : 'Indica l’email: --email nome@comune.it');
  return user ?? 1;
}

/** A command acting on the one user named by `--email`: 2 for bad options, 1 for nobody or a refusal. */
function userCommand(
  name: string,
  help: string,
  work: (ctx: Parameters<Command['run']>[0], user: { id: string; email: string }, io: CliIo) => Promise<void>,
): Command {
  return {
    help,
    async run(ctx, args, io) {
      const user = await findUser(ctx, args, name, io);
      if (typeof user === 'number') return user;
      return orRefusal(io, () => work(ctx, user, io));
    },
  };
}

export const authCommands: Record<string, Command> = {
  'user:create': {
    help: 'crea un utente (password temporanea: da cambiare al primo accesso, scade dopo 72 ore; --permanent per la propria): --email E --role admin|editor|viewer [--name N] [--password P] [--permanent]',
    async run(ctx, args, io) {
      const o = cliOptions(
        args,
        { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, permanent: { type: 'boolean' } },
        CREATE_USAGE,
        io,
      );
      if (!o) return 2;
      const role = (o.role ?? '').toUpperCase();
      if (!o.email || !(ROLES as readonly string[]).includes(role)) {
        io.out(CREATE_USAGE);
        return 2;
      }
      let password = o.password;
      if (password === undefined || password === '') {
        const interactive = io.promptSecret !== undefined || process.stdin.isTTY;
        if (!interactive) {
          io.out('Password mancante: usa --password, oppure lancia il comando da un terminale per inserirla senza mostrarla.');
          return 2;
        }
        const asked = await askPassword(io);
        if (!asked) return 1;
        password = asked;
      }
      const input = { email: o.email, name: o.name ?? '', role: role as (typeof ROLES)[number], password };
      return orRefusal(io, async () => {
        const permanent = o.permanent === true;
        const u = await createStaffUser(ctx, { actor: cli, input, permanent });
        io.out(`Creato ${u.email} (${role.toLowerCase()}). Accesso: ${ctx.publicUrl}/accedi`);
        if (!permanent) io.out('La password è temporanea: va cambiata al primo accesso e scade dopo 72 ore.');
      });
    },
  },
  'user:disable': userCommand('user:disable', 'disattiva un utente e chiude le sue sessioni: --email E', async (ctx, user, io) => {
    await setStaffDisabled(ctx, { actor: cli, userId: user.id, disabled: true });
    io.out(`Disattivato ${user.email}: le sue sessioni sono chiuse.`);
  }),
  'user:reset-password': userCommand(
    'user:reset-password',
    'genera una password temporanea per un utente (mostrata una volta: da cambiare al primo accesso, scade dopo 72 ore) e chiude le sue sessioni: --email E',
    async (ctx, user, io) => {
      const r = await resetStaffPassword(ctx, { actor: cli, userId: user.id });
      io.out(`Nuova password temporanea per ${user.email} (non sarà più mostrata):`);
      io.out(`  ${r.temporaryPassword}`);
      io.out(`Comunicala all’utente: va cambiata al primo accesso e scade dopo ${TEMPORARY_PASSWORD_MS / 3_600_000} ore. Le sue sessioni aperte sono chiuse.`);
    },
  ),
  'user:reset-totp': userCommand('user:reset-totp', 'toglie la verifica in due passaggi a un utente (telefono perso): --email E', async (ctx, user, io) => {
    const u = await resetStaffTotp(ctx, { actor: cli, userId: user.id });
    io.out(`Verifica in due passaggi azzerata per ${u.email}: al prossimo accesso la configurerà di nuovo.`);
  }),
};
