import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles';
import { createTestContext, type TestContext } from '../testing/test-context';
import { auditActions, auditFilterSchema, listAuditLog } from './list-audit-log';
import { recordAudit } from './record';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const admin: Actor = { kind: 'staff', id: '00000000-0000-4000-8000-000000000001', email: 'admin@comune.example.it', name: 'A', role: 'ADMIN' };
const editor: Actor = { kind: 'staff', id: '00000000-0000-4000-8000-000000000002', email: 'redattore@comune.example.it', name: 'R', role: 'EDITOR' };

describe('listAuditLog', () => {
  beforeAll(async () => {
    const at = (iso: string) => ({ cipher: ctx.cipher, now: () => new Date(iso) });
    await recordAudit(at('2026-11-27T08:00:00Z'), ctx.db, { actor: admin, action: 'login' });
    await recordAudit(at('2026-11-28T22:59:00Z'), ctx.db, { actor: admin, action: 'export' }); // 23:59 on 28 Nov in Rome
    await recordAudit(at('2026-11-28T23:30:00Z'), ctx.db, { actor: editor, action: 'alert_send', target: 'a1' }); // 00:30 on 29 Nov in Rome
    await recordAudit(at('2026-11-29T09:00:00Z'), ctx.db, { actor: editor, action: 'login' });
    for (let i = 0; i < 60; i++) await recordAudit(at('2026-11-30T09:00:00Z'), ctx.db, { actor: null, actorEmail: 'x@y.it', action: 'login_failed' });
  });

  it('filters by action, actor and Rome calendar days, newest first', async () => {
    const f = (q: Record<string, string>) => listAuditLog(ctx, { actor: admin, ...auditFilterSchema.parse(q) });
    expect((await f({ azione: 'login' })).rows.map((r) => r.actorEmail)).toEqual(['redattore@comune.example.it', 'admin@comune.example.it']);
    expect((await f({ utente: 'REDATTORE' })).total).toBe(2);
    const day = await f({ dal: '2026-11-29', al: '2026-11-29' });
    expect(day.rows.map((r) => r.action)).toEqual(['login', 'alert_send']);
  });

  it('paginates 50 per page and ignores garbage in the query string', async () => {
    const p1 = await listAuditLog(ctx, { actor: admin, ...auditFilterSchema.parse({ pagina: '1' }) });
    const p2 = await listAuditLog(ctx, { actor: admin, ...auditFilterSchema.parse({ pagina: '2' }) });
    expect(p1.total).toBe(64);
    expect(p1.pages).toBe(2);
    expect(p1.rows).toHaveLength(50);
    expect(p2.rows).toHaveLength(14);
    expect(auditFilterSchema.parse({ pagina: '-3', azione: "x'; drop", dal: 'ieri' })).toEqual({ pagina: 1 });
    expect(await auditActions(ctx, { actor: admin })).toEqual(['alert_send', 'export', 'login', 'login_failed']);
  });

  it('is for admins only, and the table refuses changes', async () => {
    await expect(listAuditLog(ctx, { actor: editor, ...auditFilterSchema.parse({}) })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ctx.db.$executeRawUnsafe('UPDATE audit_log SET action = $1', 'x')).rejects.toThrow(/append-only/);
    await expect(ctx.db.$executeRawUnsafe('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
