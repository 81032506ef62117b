import { getDailyQuota } from '../delivery/daily-quota';
import { getDeliveryProgress } from '../delivery/progress';
import { describeNumberHealth, effectiveDailyLimit, getNumberHealth } from '../delivery/number-health';
import { loadSettings } from '../settings/store';
import type { Command } from './command';

/** CLI commands of the delivery area (merged into the command list by ./commands.ts). */
export const deliveryCommands: Record<string, Command> = {
  'delivery:status': {
    help: 'mostra velocità, limite giornaliero e avanzamento degli avvisi in invio',
    async run(ctx, _args, io) {
      const settings = await loadSettings(ctx.db, { fresh: true });
      const now = ctx.now();
      io.out(`Velocità massima: ${settings.messagesPerSecond} messaggi al secondo (messagesPerSecond)`);
      // Quality and limit as Meta reports them (lib/delivery/number-health.ts).
      const health = await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId);
      const limit = effectiveDailyLimit(health, settings.dailyRecipientLimit, now);
      const view = describeNumberHealth(health, limit);
      io.out(`Qualità del numero: ${view.quality}`);
      if (health?.throughputLevel) io.out(`Throughput del numero (Meta): ${health.throughputLevel}`);
      if (view.hold) io.out(view.hold);
      io.out(`Limite giornaliero in uso: ${view.limit}`);
      const quota = await getDailyQuota(ctx.pool, now, limit.limit);
      io.out(
        quota.limit === 'unlimited'
          ? 'Limite giornaliero di WhatsApp: illimitato'
          : `Limite giornaliero di WhatsApp: ${quota.limit} persone nelle ultime 24 ore, già raggiunte ${quota.used}, restano ${quota.remaining}` +
              (quota.resumeAt ? ` (prossima disponibilità ${quota.resumeAt.toISOString()})` : ''),
      );
      const limiter = await ctx.pool.query<{ slow_factor: number; slow_until: Date | null; throttled_count: number }>(
        'SELECT slow_factor, slow_until, throttled_count FROM send_rate_limiter WHERE key = $1',
        [ctx.whatsapp.phoneNumberId],
      );
      const l = limiter.rows[0];
      if (l?.slow_until && l.slow_until > new Date())
        io.out(`Rallentato da Meta (130429): velocità divisa per ${l.slow_factor} fino a ${l.slow_until.toISOString()}`);
      if (l) io.out(`Risposte 130429 ricevute finora: ${l.throttled_count}`);
      const alerts = await ctx.db.alert.findMany({
        where: { status: { in: ['SENDING', 'PAUSED'] } },
        orderBy: { publishedAt: 'asc' },
        select: { id: true, title: true },
      });
      if (alerts.length === 0) io.out('Nessun avviso in invio.');
      for (const a of alerts) {
        const p = await getDeliveryProgress(ctx, a.id);
        if (!p) continue;
        const c = p.counts;
        io.out(
          `${a.id} «${a.title}» ${p.alertStatus}: ${c.sent + c.delivered + c.read}/${p.total} inviati, ${c.queued} in coda, ${c.sending} in corso, ${c.failed} falliti, ${c.skipped} saltati`,
        );
        if (p.pausedReason) io.out(`  sospeso: ${p.pausedReason}`);
        if (p.waiting) io.out(`  ${p.waiting.message}`);
      }
      return 0;
    },
  },
};
