import { expect } from 'vitest';
import type { AppContext } from '../../context';
import { startSendHarness, type SendHarness } from '../../delivery/testing/harness';
import { setSetting } from '../../settings/store';
import { syncTemplates } from '../../templates/sync-templates';
import { staffActor } from '../../testing/fixtures';
import { CONTROL_TOKEN_HEADER } from '../../whatsapp/simulator/control-access';
import { launch } from '../test-fixtures';

/**
 * The set-up the hold tests share: the simulator for Meta (real HTTP, templates approved after
 * 100 ms), the app's real receiver and delivery engine, templates synced, the service launched,
 * an editor and an admin, and the simulator's control API to play Meta's side.
 */
export type HoldHarness = {
  h: SendHarness;
  ctx: AppContext;
  editor: Awaited<ReturnType<typeof staffActor>>;
  admin: Awaited<ReturnType<typeof staffActor>>;
  /** POST to the simulator's control API (category changes, quality, …); expects 200. */
  control: (path: string, body: unknown) => Promise<void>;
  /** The synced row of the avviso_comune/it template. */
  template: () => ReturnType<AppContext['db']['whatsAppTemplate']['findUniqueOrThrow']>;
  alertRow: (id: string) => ReturnType<AppContext['db']['alert']['findUniqueOrThrow']>;
};

export async function startHoldHarness(): Promise<HoldHarness> {
  const h = await startSendHarness({ realClock: true, messagesPerSecond: 200, knobs: { templateApprovalDelayMs: 100 } });
  h.ctx.whatsapp = { ...h.ctx.whatsapp, graphUrl: h.graphUrl };
  const ctx = h.ctx as AppContext;
  const editor = await staffActor(h.ctx, 'EDITOR');
  const admin = await staffActor(h.ctx, 'ADMIN');
  await setSetting(h.ctx.db, 'weeklyNormalCap', 100);
  await syncTemplates(ctx, { actor: admin, graph: h.graph() });
  await launch(ctx);
  await h.startEngine();
  const control = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(`${h.graphUrl}/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: h.sim.controlToken },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  return {
    h,
    ctx,
    editor,
    admin,
    control,
    template: () => h.ctx.db.whatsAppTemplate.findUniqueOrThrow({ where: { name_language: { name: 'avviso_comune', language: 'it' } } }),
    alertRow: (id: string) => h.ctx.db.alert.findUniqueOrThrow({ where: { id } }),
  };
}
