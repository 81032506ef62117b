import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { loadSettings, setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createAlert } from './create-alert';
import { getLaunchProgress } from '../stats/get-launch-progress';
import { launchService } from './launch-service';
import { sendAlertNow } from './send-alert-now';
import { sendTestAlert } from './send-test-alert';
import { approveTemplates, composeInput } from './test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { alertsCommands } from '../cli/commands-alerts';
import { systemActor } from '../access/actor';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof staffActor>>;
let editor: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
  editor = await staffActor(ctx, 'EDITOR', { phone: '+393471234567' });
  await approveTemplates(ctx);
  await setSetting(ctx.db, 'launchThreshold', 5);
});
afterAll(async () => ctx.close());

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e : Promise.reject(e)),
  );

describe('launch threshold', () => {
  it('before the launch only test sends are allowed', async () => {
    await addSubscribers(ctx, 3, ['viabilita']);
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput() });
    const e = await rejection(sendAlertNow(ctx, { actor: editor, alertId: id }));
    expect(e?.code).toBe('not_launched');
    expect(e?.userMessage).toContain('solo messaggi di prova');
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).status).toBe('DRAFT');

    expect(await sendTestAlert(ctx, { actor: editor, alertId: id })).toEqual({ to: '+39 347 ••• ••67' });
    const outbox = await ctx.db.outboundMessage.findFirstOrThrow({ where: { purpose: 'test' } });
    const content = JSON.parse(ctx.cipher.decrypt(outbox.contentEnc!));
    expect(content).toEqual({
      type: 'template',
      name: 'avviso_comune',
      language: 'it',
      bodyParams: ['Via Roma chiusa', 'Dalle 20 alle 24 Via Roma è chiusa per lavori.'],
    });
    expect(ctx.cipher.decrypt(outbox.toEnc!)).toBe('+393471234567');
  });

  it('shows progress toward the threshold; only admins see the button once reached', async () => {
    expect(await getLaunchProgress(ctx, { actor: admin })).toMatchObject({
      activeSubscribers: 3,
      threshold: 5,
      percent: 60,
      reached: false,
      canLaunch: false,
      launchedAt: null,
    });
    await addSubscribers(ctx, 2, ['urgenze']);
    await addSubscribers(ctx, 1, []); // active, no topics: still welcomed
    expect(await getLaunchProgress(ctx, { actor: admin })).toMatchObject({ activeSubscribers: 6, percent: 100, reached: true, canLaunch: true });
    expect((await getLaunchProgress(ctx, { actor: editor })).canLaunch).toBe(false);
  });

  it('an editor cannot launch', async () => {
    expect((await rejection(launchService(ctx, { actor: editor })))?.code).toBe('forbidden');
  });

  it('launching sets launchedAt, records it, and sends the welcome to every active subscriber at night too', async () => {
    ctx.clock.set('2026-12-01T22:30:00Z'); // 23:30 in Rome: the welcome ignores quiet hours
    const r = await launchService(ctx, { actor: admin });
    expect(r.launchedAt.toISOString()).toBe('2026-12-01T22:30:00.000Z');
    expect(r.welcome?.recipients).toBe(6);
    expect((await loadSettings(ctx.db)).launchedAt).toBe('2026-12-01T22:30:00.000Z');
    const welcome = await ctx.db.alert.findUniqueOrThrow({ where: { id: r.welcome!.alertId } });
    expect(welcome).toMatchObject({ isWelcome: true, status: 'SENDING', publicArchive: false, templateName: 'benvenuto_servizio', recipientCount: 6 });
    expect(await ctx.db.delivery.count({ where: { alertId: welcome.id } })).toBe(6);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'service_launch' } });
    expect(audit).toMatchObject({ actorId: admin.id, details: { welcome: true } });
  });

  it('a second launch is refused; normal sending is now open', async () => {
    expect((await rejection(launchService(ctx, { actor: systemActor('cli'), noWelcome: true })))?.code).toBe('conflict');
    ctx.clock.set('2026-12-02T10:00:00Z');
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput() });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: id })).status).toBe('SENDING');
  });

  it('refuses to launch with the welcome when its template is not approved, leaving the service not launched', async () => {
    // A second, fresh installation (close() is left to this file's afterAll: it ends every pool).
    const other = await createTestContext();
    {
      const boss = await staffActor(other, 'ADMIN');
      const e = await rejection(launchService(other, { actor: boss }));
      expect(e?.code).toBe('template_not_ready');
      expect((await loadSettings(other.db, { fresh: true })).launchedAt).toBeNull();
      expect(await other.db.auditLog.count({ where: { action: 'service_launch' } })).toBe(0);
      const out: string[] = [];
      const io = { readFile: async () => '', out: (l: string) => void out.push(l) };
      expect(await alertsCommands['service:launch']!.run(other, ['--no-welcome'], io)).toBe(0);
      expect(out).toEqual([expect.stringMatching(/^Servizio avviato/), 'Nessun messaggio di benvenuto inviato.']);
      expect(await alertsCommands['service:launch']!.run(other, ['--no-welcome'], io)).toBe(1);
      expect(out[2]).toMatch(/^Il servizio è già stato avviato/);
      expect(await other.db.auditLog.findFirst({ where: { action: 'service_launch' } })).toMatchObject({
        actorEmail: 'system:cli',
        details: { welcome: false },
      });
    }
  });
});
