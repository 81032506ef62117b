import { createStaffUser } from '../auth/create-staff-user';
import { resetStaffTotp } from '../auth/reset-staff-credentials';
import { endUserSessions } from '../auth/sessions';
import { staffEmailSchema, ROLES } from '../auth/staff-schema';
import { recordAudit } from '../audit/record';
import { isAppError } from '../errors';
import type { CliIo, Command } from './command';

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

/** `--name value` / `--name=value` options; anything else is ignored. */
export function parseOptions(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) out[a.slice(2)] = args[++i]!;
    else out[a.slice(2)] = '';
  }
  return out;
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

async function findUserId(ctx: Parameters<Command['run']>[0], emailArg: string | undefined, io: CliIo): Promise<string | null> {
  const email = staffEmailSchema.safeParse(emailArg ?? '');
  const user = email.success ? await ctx.db.staffUser.findUnique({ where: { email: email.data }, select: { id: true } }) : null;
  if (!user) io.out(email.success ? `Nessun utente con email ${email.data}.` : 'Indica l’email: --email nome@comune.it');
  return user?.id ?? null;
}

export const authCommands: Record<string, Command> = {
  'user:create': {
    help: 'crea un utente: --email E --role admin|editor|viewer [--name N] [--password P]',
    async run(ctx, args, io) {
      const o = parseOptions(args);
      const role = (o.role ?? '').toUpperCase();
      if (!o.email || !(ROLES as readonly string[]).includes(role)) {
        io.out('Uso: user:create --email E --role admin|editor|viewer [--name N] [--password P]');
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
      try {
        const u = await createStaffUser(ctx, null, { email: o.email, name: o.name ?? '', role: role as (typeof ROLES)[number], password });
        io.out(`Creato ${u.email} (${role.toLowerCase()}). Accesso: ${ctx.publicUrl}/accedi`);
        return 0;
      } catch (e) {
        if (!isAppError(e)) throw e;
        io.out(`Errore: ${e.userMessage}`);
        return 1;
      }
    },
  },
  'user:disable': {
    help: 'disattiva un utente e chiude le sue sessioni: --email E',
    async run(ctx, args, io) {
      const id = await findUserId(ctx, parseOptions(args).email, io);
      if (!id) return 1;
      const user = await ctx.db.$transaction(async (tx) => {
        const u = await tx.staffUser.update({ where: { id }, data: { disabled: true }, select: { email: true } });
        await endUserSessions(ctx, tx, id);
        await recordAudit(ctx, tx, { actor: null, actorEmail: 'cli', action: 'user_disable', target: id, details: { email: u.email } });
        return u;
      });
      io.out(`Disattivato ${user.email}: le sue sessioni sono chiuse.`);
      return 0;
    },
  },
  'user:reset-totp': {
    help: 'toglie la verifica in due passaggi a un utente (telefono perso): --email E',
    async run(ctx, args, io) {
      const id = await findUserId(ctx, parseOptions(args).email, io);
      if (!id) return 1;
      const u = await resetStaffTotp(ctx, null, id);
      io.out(`Verifica in due passaggi azzerata per ${u.email}: al prossimo accesso la configurerà di nuovo.`);
      return 0;
    },
  },
};
