import type { Db } from '../db';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import type { Settings } from '../settings/defaults';
import { shapeFromComponents, type TemplateShape } from './shape';
import { standardTemplate, type StandardRole } from './standard';
import { templateHoldCause, type HoldCause } from './template-hold';

/** A standard template as the app can use it now: its texts and whether Meta lets us send it. */
export interface TemplateState {
  role: StandardRole;
  name: string;
  language: string;
  /** Meta's word (APPROVED, PENDING, REJECTED, PAUSED, DISABLED) or NOT_SUBMITTED. */
  status: string;
  approved: boolean;
  rejectedReason: string | null;
  /** The category in force (Meta's word once listed, otherwise what we submit). */
  category: string;
  /** Set while alerts may not use it until a person decides (lib/templates/template-hold.ts). */
  hold: HoldCause | null;
  /** Meta's copy when we have it, otherwise our definition (what will be submitted). */
  shape: TemplateShape;
}

type Reader = Pick<Prisma.TransactionClient, 'whatsAppTemplate'> | Db;

export async function loadTemplateState(db: Reader, settings: Settings, role: StandardRole): Promise<TemplateState> {
  const def = standardTemplate(settings, role);
  const row = await db.whatsAppTemplate.findUnique({ where: { name_language: { name: def.name, language: def.language } } });
  const shape = (row && shapeFromComponents(def.name, def.language, row.components)) ?? shapeFromComponents(def.name, def.language, def.components)!;
  const status = row?.status ?? 'NOT_SUBMITTED';
  return {
    role,
    name: def.name,
    language: def.language,
    status,
    approved: status === 'APPROVED',
    rejectedReason: row?.rejectedReason ?? null,
    category: row?.category ?? def.category,
    hold: row ? templateHoldCause(row) : null,
    shape,
  };
}

const WHY: Record<string, string> = {
  NOT_SUBMITTED: 'non è ancora stato inviato a Meta: apri la pagina Modelli e sincronizza',
  PENDING: 'è in revisione da Meta (di solito pochi minuti, al massimo 24 ore)',
  REJECTED: 'è stato rifiutato da Meta: vedi il motivo nella pagina Modelli',
  PAUSED: 'è sospeso da Meta per bassa qualità: riprova più tardi',
  DISABLED: 'è stato disattivato da Meta',
};

/** Refuses to send with a template Meta would refuse anyway (132001/132015/132016 for every message). */
export function assertTemplateReady(t: TemplateState): void {
  if (t.approved) return;
  const why = WHY[t.status] ?? `ha lo stato ${t.status}`;
  throw new AppError('template_not_ready', `Il modello di messaggio «${t.name}» ${why}. Per ora non si può inviare.`, { template: t.name, status: t.status });
}
