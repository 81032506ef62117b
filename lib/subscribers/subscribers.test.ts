import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyActor, staffActor } from '../testing/fixtures';
import { isAppError } from '../errors';
import { getStatsOverview } from '../stats/get-stats-overview';
import { join, leave, pendingRequest } from '../stats/test-support';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getSubscriber } from './get-subscriber';
import { revealNumber } from './reveal-number';
import { searchSubscribers, subscriberSearchSchema, SUBSCRIBERS_PAGE_SIZE } from './search-subscribers';
import { unsubscribeByStaff } from './unsubscribe-by-staff';
import { USERNAME_ONLY_LABEL } from './subscriber-view';
import { waUserIdHmac } from '../privacy/wa-user-id';

/** The staff side of subscribers: search, reveal, manual unsubscribe — with the roles that may. */
let ctx: TestContext;
type Staff = Awaited<ReturnType<typeof staffActor>>;
let admin: Staff;
let editor: Staff;
let viewer: Staff;
let mario: { id: string };

const MARIO = '+393331234567';
const ANNA = '+393339876543';
const search = (q: Record<string, string> = {}) => subscriberSearchSchema.parse(q);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e : Promise.reject(e)),
  );
const audit = (action: string) => ctx.db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, editor, viewer] = await Promise.all([staffActor(ctx, 'ADMIN'), staffActor(ctx, 'EDITOR'), staffActor(ctx, 'VIEWER')]);
  mario = await join(ctx, MARIO, { name: ['Mario', 'Rossi'], at: '2026-11-20T10:00:00Z' });
  await join(ctx, ANNA, { name: ['anna', 'Bianchi'], channel: 'WEB', at: '2026-11-21T10:00:00Z' });
  for (let i = 0; i < SUBSCRIBERS_PAGE_SIZE; i++) await join(ctx, `+39347${String(1_000_000 + i)}`, { at: `2026-11-22T10:${String(i).padStart(2, '0')}:00Z` });
  ctx.clock.set('2026-11-29T10:00:00Z');
  await pendingRequest(ctx, '+393401112222');
});
afterAll(async () => ctx.close());

describe('searchSubscribers', () => {
  it('finds exactly the number asked, however it is typed, masked', async () => {
    for (const typed of ['333 123 4567', '+39 333 1234567', '0039 333-123-4567', '3331234567']) {
      const r = await searchSubscribers(ctx, { actor: editor, ...search({ numero: typed }) });
      expect(r.byNumber).toBe(true);
      expect(r.rows.map((x) => x.id)).toEqual([mario.id]);
      expect(r.rows[0]).toMatchObject({ maskedNumber: '+39 333 ••• ••67', status: 'ACTIVE', source: 'WHATSAPP', hasNumber: true });
    }
    expect((await searchSubscribers(ctx, { actor: editor, ...search({ numero: '333 123 4568' }) })).rows).toEqual([]);
  });

  it('shows full names to admins and initials to editors', async () => {
    const asAdmin = await searchSubscribers(ctx, { actor: admin, ...search({ numero: ANNA }) });
    const asEditor = await searchSubscribers(ctx, { actor: editor, ...search({ numero: ANNA }) });
    expect(asAdmin.rows[0]?.name).toBe('anna Bianchi');
    expect(asEditor.rows[0]?.name).toBe('A. B.');
    expect(JSON.stringify(asEditor)).not.toContain('9876543');
    expect(JSON.stringify(asEditor)).not.toContain('Bianchi');
  });

  it('refuses a number that is not one, and viewers', async () => {
    const bad = await failure(searchSubscribers(ctx, { actor: editor, ...search({ numero: '12ab' }) }));
    expect(bad?.code).toBe('invalid_input');
    expect((await failure(searchSubscribers(ctx, { actor: viewer, ...search() })))?.code).toBe('forbidden');
    expect((await failure(getSubscriber(ctx, { actor: viewer, subscriberId: mario.id })))?.code).toBe('forbidden');
  });

  it('filters by status, topic and source, newest first, page by page', async () => {
    const first = await searchSubscribers(ctx, { actor: editor, ...search() });
    expect(first.rows).toHaveLength(SUBSCRIBERS_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(first.rows[0]?.status).toBe('PENDING');
    const second = await searchSubscribers(ctx, { actor: editor, ...search({ pagina: '2' }) });
    // 28 in all: the pending request, then the 25 of the 22nd, Anna (21st), Mario (20th).
    expect(second.rows).toHaveLength(3);
    expect(second.rows.slice(1).map((r) => r.name)).toEqual(['A. B.', 'M. R.']);
    expect(second.rows.at(-1)?.id).toBe(mario.id);
    expect(second.hasNext).toBe(false);
    expect((await searchSubscribers(ctx, { actor: editor, ...search({ stato: 'PENDING' }) })).rows.map((r) => r.maskedNumber)).toEqual(['+39 340 ••• ••22']);
    expect((await searchSubscribers(ctx, { actor: editor, ...search({ canale: 'WEB', stato: 'ACTIVE' }) })).rows.map((r) => r.name)).toEqual(['A. B.']);
    const withTopic = await searchSubscribers(ctx, { actor: editor, ...search({ argomento: 'urgenze', stato: 'ACTIVE', pagina: '2' }) });
    expect(withTopic.rows).toHaveLength(2);
    expect(withTopic.rows[0]?.topics.map((t) => t.slug)).toEqual(['viabilita', 'chiusura-strade', 'urgenze']);
    expect((await searchSubscribers(ctx, { actor: editor, ...search({ argomento: 'nessuno' }) })).rows).toEqual([]);
  });
});

describe('revealNumber', () => {
  it('is for admins only', async () => {
    expect((await failure(revealNumber(ctx, { actor: editor, subscriberId: mario.id })))?.code).toBe('forbidden');
    expect((await failure(revealNumber(ctx, { actor: viewer, subscriberId: mario.id })))?.code).toBe('forbidden');
    expect(await audit('number_reveal')).toEqual([]);
  });

  it('gives the admin the number and records who saw whose, never the number', async () => {
    expect(await revealNumber(ctx, { actor: admin, subscriberId: mario.id, ip: '10.0.0.7' })).toEqual({ number: MARIO });
    const [entry] = await audit('number_reveal');
    expect(entry).toMatchObject({ actorId: admin.id, actorEmail: admin.email, target: `subscriber:${mario.id}`, details: { subscriberId: mario.id } });
    expect(entry?.ipHmac).toBe(ctx.cipher.hmac('ip:10.0.0.7'));
    expect(JSON.stringify({ target: entry?.target, details: entry?.details })).not.toContain('1234567');
  });
});

describe('unsubscribeByStaff', () => {
  it('is refused to viewers and API keys, and refuses phone numbers in the note', async () => {
    expect((await failure(unsubscribeByStaff(ctx, { actor: viewer, subscriberId: mario.id })))?.code).toBe('forbidden');
    expect((await failure(unsubscribeByStaff(ctx, { actor: apiKeyActor(), subscriberId: mario.id })))?.code).toBe('forbidden');
    const e = await failure(unsubscribeByStaff(ctx, { actor: editor, subscriberId: mario.id, note: 'ha chiamato dal 333 123 4567' }));
    expect(e?.code).toBe('invalid_input');
    expect((await ctx.db.subscriber.findUniqueOrThrow({ where: { id: mario.id } })).status).toBe('ACTIVE');
  });

  it('erases name and number, writes OPT_OUT with channel STAFF and the audit entry', async () => {
    const before = await getStatsOverview(ctx, { actor: viewer });
    expect(await unsubscribeByStaff(ctx, { actor: editor, subscriberId: mario.id, note: 'Richiesta telefonica URP', ip: '10.0.0.8' })).toEqual({
      previousStatus: 'ACTIVE',
    });
    const row = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: mario.id }, include: { topics: true } });
    expect(row).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null, lastNameEnc: null, topics: [] });
    expect(row.unsubscribedAt?.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    const optOut = await ctx.db.consentEvent.findFirstOrThrow({ where: { phoneHmac: ctx.cipher.hmac(MARIO), action: 'OPT_OUT' } });
    expect(optOut).toMatchObject({ channel: 'STAFF', evidence: `staff:${editor.email}` });
    const [entry] = await audit('subscriber_unsubscribe');
    expect(entry).toMatchObject({
      actorId: editor.id,
      target: `subscriber:${mario.id}`,
      details: { subscriberId: mario.id, previousStatus: 'ACTIVE', note: 'Richiesta telefonica URP' },
    });

    const after = await getStatsOverview(ctx, { actor: viewer });
    expect(after.subscribers.active).toBe(before.subscribers.active - 1);
    expect(after.optOuts.today).toBe(before.optOuts.today + 1);
  });

  it('then: found by number as erased, cannot be revealed or unsubscribed twice', async () => {
    const r = await searchSubscribers(ctx, { actor: admin, ...search({ numero: MARIO }) });
    expect(r.rows[0]).toMatchObject({ id: mario.id, status: 'UNSUBSCRIBED', name: null, hasNumber: false, maskedNumber: '+39 333 ••• ••67' });
    expect((await failure(revealNumber(ctx, { actor: admin, subscriberId: mario.id })))?.code).toBe('not_found');
    expect((await failure(unsubscribeByStaff(ctx, { actor: editor, subscriberId: mario.id })))?.code).toBe('conflict');
    expect(await audit('subscriber_unsubscribe')).toHaveLength(1);
  });

  it('a request never confirmed leaves nothing behind', async () => {
    const [pending] = (await searchSubscribers(ctx, { actor: admin, ...search({ stato: 'PENDING' }) })).rows;
    expect(await unsubscribeByStaff(ctx, { actor: admin, subscriberId: pending!.id })).toEqual({ previousStatus: 'PENDING' });
    expect(await ctx.db.subscriber.findUnique({ where: { id: pending!.id } })).toBeNull();
    expect((await failure(unsubscribeByStaff(ctx, { actor: admin, subscriberId: pending!.id })))?.code).toBe('not_found');
    await leave(ctx, ANNA);
  });
});

describe('a subscriber known only by a WhatsApp user id (username, no number)', () => {
  const USER_ID = 'IT.2026120457301847';
  let gianna: { id: string };
  beforeAll(async () => {
    gianna = await ctx.db.subscriber.create({
      data: {
        waUserIdHmac: waUserIdHmac(ctx.cipher, USER_ID),
        waUserIdEnc: ctx.cipher.encrypt(USER_ID),
        firstNameEnc: ctx.cipher.encrypt('Gianna'),
        lastNameEnc: ctx.cipher.encrypt('Bianchi'),
        status: 'ACTIVE',
        source: 'WHATSAPP',
        confirmedAt: ctx.now(),
      },
    });
  });

  it('is shown with the user id masked and labelled, never in full, and has no number to reveal', async () => {
    const item = await getSubscriber(ctx, { actor: admin, subscriberId: gianna.id });
    expect(item).toMatchObject({ maskedNumber: null, maskedUserId: 'IT.20••••••47', hasNumber: false });
    expect(USERNAME_ONLY_LABEL).toBe('utente senza numero (nome utente WhatsApp)');
    const list = await searchSubscribers(ctx, { actor: admin, ...search({ stato: 'ACTIVE' }) });
    expect(list.rows.find((r) => r.id === gianna.id)).toMatchObject({ maskedUserId: 'IT.20••••••47' });
    expect(JSON.stringify(list)).not.toContain('57301847');
    const e = await failure(revealNumber(ctx, { actor: admin, subscriberId: gianna.id }));
    expect(e?.code).toBe('not_found');
    expect(e?.message).toContain('nome utente WhatsApp senza numero');
  });

  it('a staff unsubscribe erases the user id and keeps its HMAC for the ledger', async () => {
    await unsubscribeByStaff(ctx, { actor: editor, subscriberId: gianna.id });
    const row = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: gianna.id } });
    expect(row).toMatchObject({ status: 'UNSUBSCRIBED', phoneHmac: null, waUserIdEnc: null, waUserIdHmac: waUserIdHmac(ctx.cipher, USER_ID) });
    const optOut = await ctx.db.consentEvent.findFirstOrThrow({ where: { phoneHmac: waUserIdHmac(ctx.cipher, USER_ID) } });
    expect(optOut).toMatchObject({ action: 'OPT_OUT', channel: 'STAFF' });
  });

  it('the database refuses a row with neither a number nor a user id', async () => {
    await expect(ctx.db.subscriber.create({ data: { status: 'PENDING', source: 'WEB' } })).rejects.toThrow(/subscribers_identity_check/);
  });
});
