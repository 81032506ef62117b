import { systemActor } from '../access/actor';
import { maskedApiKey } from '../api-keys/api-key-format';
import { createApiKey } from '../api-keys/create-api-key';
import { DEFAULT_API_KEY_DAYS, MAX_API_KEY_DAYS } from '../api-keys/api-key-schema';
import { API_SCOPES } from '../access/api-scopes';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import { isAppError } from '../errors';
import type { Command } from './command';
import { cliOptions } from './options';

const day = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '-');

/** CLI commands of the api area (merged into the command list by ./commands.ts). */
export const apiCommands: Record<string, Command> = {
  'apikey:create': {
    help: `crea una chiave API e la stampa una sola volta: --name N [--scopes ${API_SCOPES.join(',')}] [--days ${DEFAULT_API_KEY_DAYS}] (predefinito: solo bozze, ${DEFAULT_API_KEY_DAYS} giorni, al massimo ${MAX_API_KEY_DAYS})`,
    async run(ctx, args, io) {
      const usage = `Uso: apikey:create --name "Nome del sistema che la userà" [--scopes ${API_SCOPES.join(',')}] [--days ${DEFAULT_API_KEY_DAYS}]`;
      const o = cliOptions(args, { name: { type: 'string' }, scopes: { type: 'string' }, days: { type: 'string' } }, usage, io);
      if (!o) return 2;
      const name = o.name;
      if (!name) {
        io.out(usage);
        return 2;
      }
      const scopes =
        o.scopes === undefined
          ? undefined
          : o.scopes
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
      try {
        const k = await createApiKey(ctx, { actor: systemActor('cli'), input: { name, scopes, expiresInDays: o.days } });
        io.out(`Chiave API "${k.name}" creata (permessi: ${k.scopes.join(', ')}; scade il ${day(k.expiresAt)} UTC). Copiala ora: non sarà più mostrata.`);
        io.out(k.key);
        io.out(`Prova: curl -H "Authorization: Bearer <chiave>" ${ctx.publicUrl}/api/v1/stats  (documentazione: ${ctx.publicUrl}/api/v1/openapi.json)`);
        return 0;
      } catch (e) {
        if (!isAppError(e)) throw e;
        io.out(`Errore: ${e.userMessage}`);
        return 1;
      }
    },
  },
  'apikey:list': {
    help: 'elenca le chiavi API (prefisso, nome, permessi, creazione, scadenza, ultimo uso, revoca)',
    async run(ctx, _args, io) {
      const keys = await ctx.db.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
      if (keys.length === 0) io.out('Nessuna chiave API.');
      for (const k of keys) {
        io.out(
          `${maskedApiKey(k.prefix).padEnd(20)} ${k.name.padEnd(30)} ${(k.scopes ?? []).join(',').padEnd(36)} creata ${day(k.createdAt)}  scade ${day(k.expiresAt)}${k.expiresAt <= ctx.now() ? ' (SCADUTA)' : ''}  ultimo uso ${day(k.lastUsedAt)}${k.revokedAt ? `  REVOCATA ${day(k.revokedAt)}` : ''}`,
        );
      }
      return 0;
    },
  },
  'apikey:revoke': {
    help: 'revoca subito una chiave API: --prefix bnd_xxxxxxxxxxxx',
    async run(ctx, args, io) {
      const o = cliOptions(args, { prefix: { type: 'string' } }, 'Uso: apikey:revoke --prefix bnd_xxxxxxxxxxxx', io);
      if (!o) return 2;
      const prefix = (o.prefix ?? '').replace(/_…$/, '');
      const key = prefix ? await ctx.db.apiKey.findUnique({ where: { prefix }, select: { id: true } }) : null;
      if (!key) {
        io.out(prefix ? `Nessuna chiave con prefisso ${prefix} (vedi apikey:list).` : 'Uso: apikey:revoke --prefix bnd_xxxxxxxxxxxx');
        return prefix ? 1 : 2;
      }
      const r = await revokeApiKey(ctx, { actor: systemActor('cli'), id: key.id });
      io.out(`Chiave "${r.name}" revocata: le richieste con questa chiave sono rifiutate.`);
      return 0;
    },
  },
};
