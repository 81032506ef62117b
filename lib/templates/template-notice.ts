/**
 * Tells admins that Meta rejected a template or moved it to another category (issue 12), from the
 * webhook (apply-template-status.ts) and from the re-reads (refresh-template.ts, sync-templates.ts).
 * Raised only on the transition (the stored row still had the old status or category). The event
 * key names the row's state before the change (its `updated_at`), so a webhook and a re-read that
 * see the same change at once write one notice, and a retried webhook finds nothing to change.
 */
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { notifyStaff } from '../notifications/notify-staff';

type Change = { kind: 'rejected'; reason: string | null } | { kind: 'category'; from: string; to: string };

export async function notifyTemplateChanged(
  ctx: AppContext,
  tx: Prisma.TransactionClient,
  t: { name: string; language: string; before: { updatedAt: Date } },
  change: Change,
): Promise<number> {
  const ref = `${t.name}/${t.language}`;
  const occurrence = t.before.updatedAt.toISOString();
  const n =
    change.kind === 'rejected'
      ? {
          eventKey: `template_rejected:${ref}:${occurrence}`,
          title: `Modello rifiutato da Meta: ${t.name}`,
          body: `Meta ha rifiutato il modello «${t.name}» (${t.language})${change.reason ? ` con questo motivo: ${change.reason}` : ''}. Gli avvisi che lo usano non possono partire finché non è approvato.`,
        }
      : {
          eventKey: `template_category:${ref}:${change.from}>${change.to}:${occurrence}`,
          title: `Modello spostato in ${change.to}: ${t.name}`,
          body: `Meta ha spostato il modello «${t.name}» (${t.language}) dalla categoria ${change.from} alla categoria ${change.to}.${change.to === 'MARKETING' ? ' Gli avvisi che lo usano restano trattenuti finché qualcuno non lo ripresenta come UTILITY o accetta la nuova categoria.' : ''}`,
        };
  return notifyStaff(ctx, tx, { kind: 'template_changed', ...n, link: '/dashboard/modelli', roles: ['ADMIN'] });
}

/**
 * Writes a template's new fields and, in the same transaction, the notices its transition calls
 * for: rejected now (and not before), or a completed change of category.
 */
export async function updateTemplateAndNotify(
  ctx: AppContext,
  row: { id: string; name: string; language: string; status: string; category: string; updatedAt: Date },
  data: Prisma.WhatsAppTemplateUpdateInput,
): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.whatsAppTemplate.update({ where: { id: row.id }, data });
    const status = typeof data.status === 'string' ? data.status : row.status;
    const category = typeof data.category === 'string' ? data.category : row.category;
    if (status === 'REJECTED' && row.status !== 'REJECTED') {
      const reason = typeof data.rejectedReason === 'string' ? data.rejectedReason : null;
      await notifyTemplateChanged(ctx, tx, { ...row, before: row }, { kind: 'rejected', reason });
    }
    if (category !== row.category) await notifyTemplateChanged(ctx, tx, { ...row, before: row }, { kind: 'category', from: row.category, to: category });
  });
}
