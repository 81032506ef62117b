import { systemActor } from '../access/actor';
import { KeyRotationError, type RotationProgress } from '../privacy/key-rotation';
import { getDataKeyStatus } from '../settings/data-key-status';
import { rotateDataKey } from '../settings/rotate-data-key';
import type { CliIo, Command } from './command';

/** Data key rotation (docs/operations.md "Key rotation"); merged into the command list by ./commands.ts. */

const perKey = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ') || 'nessuna';

function keysOf(io: CliIo) {
  if (!io.dataKeys) throw new Error('keys:* need the configured data keys (npm run cli sets them from DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEY_PREVIOUS)');
  return io.dataKeys;
}

export const keysCommands: Record<string, Command> = {
  'keys:status': {
    help: 'mostra la chiave dei dati attuale, le precedenti e quante righe ha ogni chiave',
    async run(ctx, _args, io) {
      const s = await getDataKeyStatus(ctx, { actor: systemActor('cli'), keys: keysOf(io) });
      io.out(`Chiave attuale (DATA_ENCRYPTION_KEY): ${s.configured.currentKeyId}`);
      io.out(`Chiavi precedenti (DATA_ENCRYPTION_KEY_PREVIOUS): ${s.configured.previousKeyIds.join(', ') || 'nessuna'}`);
      io.out(`Chiave del database: ${s.database.keyId}; catena delle ricerche (HMAC): ${s.database.chain.join(' → ')}`);
      if (s.database.phase === 'lookups') {
        io.out(
          `Rotazione verso ${s.database.rotationTo} in corso: ricerche da ricalcolare ${perKey(s.database.lookupsLeft)} (servizio fermo finché non finisce)`,
        );
      } else if (s.database.phase === 'ciphertexts') {
        io.out('Rotazione in corso: ricerche già ricalcolate, cifrature da rifare (il servizio può girare)');
      } else if (s.configured.currentKeyId !== s.database.keyId) {
        io.out(`Rotazione non ancora eseguita verso ${s.configured.currentKeyId}: ferma server e worker ed esegui keys:rotate`);
      }
      if (s.database.rotatedAt) io.out(`Ultima rotazione completata: ${s.database.rotatedAt.toISOString()}`);
      io.out(`Righe cifrate per chiave: ${perKey(s.rowsPerKey)}`);
      for (const [col, counts] of Object.entries(s.ciphertexts)) if (Object.keys(counts).length > 0) io.out(`  ${col}: ${perKey(counts)}`);
      io.out(`Righe ancora sotto chiavi precedenti: ${perKey(s.leftUnderOldKeys)}`);
      return 0;
    },
  },
  'keys:rotate': {
    help: 'rotazione della chiave dei dati: ricalcola le ricerche (servizio fermo) e ricifra tutto con DATA_ENCRYPTION_KEY',
    async run(ctx, args, io) {
      const batchArg = args.find((a) => a.startsWith('--batch='));
      const batchSize = batchArg ? Number(batchArg.slice('--batch='.length)) : undefined;
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)) {
        io.out('Uso: keys:rotate [--batch=N] (N da 1 a 10000, predefinito 500)');
        return 2;
      }
      let last = '';
      const progress = (p: RotationProgress) => {
        const line = `${p.phase === 'lookups' ? 'ricerche' : 'cifrature'} ${p.table}${p.column ? `.${p.column}` : ''}: ${p.done}`;
        if (line !== last) io.out(`  ${line}`);
        last = line;
      };
      try {
        const r = await rotateDataKey(ctx, {
          actor: systemActor('cli'),
          keys: keysOf(io),
          batchSize,
          progress,
          lookupsDone: () => io.out('Ricerche (HMAC) sulla nuova chiave: ora si possono riavviare server e worker; continuo con le cifrature.'),
        });
        io.out(`Ricerche ricalcolate: ${r.lookupRows}; righe ricifrate: ${r.reencrypted}.`);
        for (const u of r.unreadable) io.out(`  NON DECIFRABILE con le chiavi impostate: ${u.table}.${u.column} id ${u.id}`);
        io.out(`Righe ancora sotto chiavi precedenti: ${perKey(r.leftUnderOldKeys)}`);
        if (!r.complete) {
          io.out('Rotazione non completa: correggi le righe indicate (o aggiungi la chiave che manca) e riesegui keys:rotate.');
          return 1;
        }
        io.out(`Rotazione completata: tutto è sotto la chiave ${r.keyId}.`);
        return 0;
      } catch (e) {
        if (!(e instanceof KeyRotationError)) throw e;
        io.out(e.message);
        return 1;
      }
    },
  },
};
