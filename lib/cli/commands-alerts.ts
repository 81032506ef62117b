import { systemActor } from '../access/actor';
import { launchService } from '../alerts/launch-service';
import { isAppError } from '../errors';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { graphFromContext } from '../templates/graph';
import { syncTemplates } from '../templates/sync-templates';
import type { Command } from './command';
import { cliOptions } from './options';

/** CLI commands of the alerts area (merged into the command list by ./commands.ts). */
export const alertsCommands: Record<string, Command> = {
  'templates:sync': {
    help: 'crea su Meta i modelli standard mancanti e aggiorna lo stato di tutti i modelli',
    async run(ctx, _args, io) {
      try {
        const r = await syncTemplates(ctx, { actor: systemActor('cli'), graph: graphFromContext(ctx) });
        // A category change the sync found holds (or a decision releases) alerts at once.
        await reconcileTemplateHolds(ctx, { actor: systemActor('cli') });
        for (const c of r.created) io.out(`inviato a Meta: ${c}`);
        for (const f of r.failed) io.out(`ERRORE ${f.name}/${f.language}: ${f.error}`);
        const rows = await ctx.db.whatsAppTemplate.findMany({ orderBy: [{ name: 'asc' }, { language: 'asc' }] });
        for (const t of rows) io.out(`${`${t.name}/${t.language}`.padEnd(32)} ${t.status}${t.rejectedReason ? ` (${t.rejectedReason})` : ''}`);
        if (ctx.whatsapp.mode === 'simulator' && r.created.length > 0)
          io.out('Il simulatore approva i modelli nuovi dopo pochi secondi (serve `npm start` attivo per riceverne l’esito).');
        return r.failed.length > 0 ? 1 : 0;
      } catch (e) {
        if (!isAppError(e)) throw e;
        io.out(
          `${e.userMessage}${ctx.whatsapp.mode === 'simulator' ? ' In modalità dimostrativa il simulatore risponde solo mentre `npm start` è attivo.' : ''}`,
        );
        return 1;
      }
    },
  },
  'service:launch': {
    help: 'avvia il servizio e invia il benvenuto a tutti gli iscritti [--no-welcome]',
    async run(ctx, args, io) {
      const o = cliOptions(args, { 'no-welcome': { type: 'boolean' } }, 'Uso: service:launch [--no-welcome]', io);
      if (!o) return 2;
      try {
        const r = await launchService(ctx, { actor: systemActor('cli'), noWelcome: o['no-welcome'] === true });
        io.out(`Servizio avviato (${r.launchedAt.toISOString()}).`);
        io.out(r.welcome ? `Benvenuto in coda per ${r.welcome.recipients} iscritti (avviso ${r.welcome.alertId}).` : 'Nessun messaggio di benvenuto inviato.');
        return 0;
      } catch (e) {
        if (!isAppError(e)) throw e;
        io.out(e.userMessage);
        return 1;
      }
    },
  },
};
