import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../settings/store';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createTopic } from './create-topic';
import { listTopics } from './list-topics';
import { reactivateTopic } from './reactivate-topic';
import { reorderTopics } from './reorder-topics';
import { retireTopic } from './retire-topic';
import { topicsList } from './subscriber-changes';
import { slugFromName } from './topic-schema';
import { updateTopic } from './update-topic';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof staffActor>>;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
});
afterAll(async () => ctx.close());

const order = async () => (await ctx.db.topic.findMany({ orderBy: { position: 'asc' }, select: { slug: true } })).map((t) => t.slug);
const followed = async (id: string) =>
  (await ctx.db.subscriberTopic.findMany({ where: { subscriberId: id, topic: { active: true } }, include: { topic: true } })).map((t) => t.topic.slug).sort();

describe('topics managed by admins', () => {
  it('makes the slug from the name', () => {
    expect(slugFromName('Scuole e Università')).toBe('scuole-e-universita');
    expect(slugFromName('  Viabilità & traffico! ')).toBe('viabilita-traffico');
  });

  it('creates a topic at the end, refuses duplicates, bad names and non-admins, and audits', async () => {
    const editor = await staffActor(ctx, 'EDITOR');
    await expect(createTopic(ctx, { actor: editor, input: { name: 'Scuole' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createTopic(ctx, { actor: admin, input: { name: 'x' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { name: ['Il nome deve avere almeno 2 caratteri.'] } },
    });
    expect(await createTopic(ctx, { actor: admin, input: { name: 'Scuole e Università', description: 'Chiusure e orari' } })).toMatchObject({
      slug: 'scuole-e-universita',
    });
    expect((await order()).at(-1)).toBe('scuole-e-universita');
    await expect(createTopic(ctx, { actor: admin, input: { name: 'Scuole e universita' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('Esiste già l’argomento «Scuole e Università»'),
    });
    expect(await ctx.db.auditLog.findFirst({ where: { action: 'topic_create', target: 'scuole-e-universita' } })).not.toBeNull();
  });

  it('renames and re-describes keeping the slug, and reorders', async () => {
    await updateTopic(ctx, { actor: admin, slug: 'scuole-e-universita', input: { name: 'Scuole', description: 'Chiusure delle scuole' } });
    expect(await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'scuole-e-universita' } })).toMatchObject({
      name: 'Scuole',
      description: 'Chiusure delle scuole',
    });
    const before = await order();
    const reversed = [...before].reverse();
    await reorderTopics(ctx, { actor: admin, slugs: reversed });
    expect(await order()).toEqual(reversed);
    await expect(reorderTopics(ctx, { actor: admin, slugs: reversed.slice(1) })).rejects.toMatchObject({ code: 'invalid_input' });
    await reorderTopics(ctx, { actor: admin, slugs: before });
  });

  it('retires a topic: others kept, an only-topic follower gets every active topic, the chat list names it; reactivates', async () => {
    const [only] = await addSubscribers(ctx, 1, ['scuole-e-universita']);
    const [both] = await addSubscribers(ctx, 1, ['scuole-e-universita', 'urgenze']);
    expect(await retireTopic(ctx, { actor: admin, slug: 'scuole-e-universita' })).toEqual({ followers: 2, givenEveryTopic: 1 });
    expect(await followed(both!)).toEqual(['urgenze']);
    expect(await followed(only!)).toEqual(['chiusura-strade', 'urgenze', 'viabilita']);

    const s = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: both! } });
    const settings = await loadSettings(ctx.db);
    const list = await ctx.db.$transaction((tx) => topicsList(tx, s, settings));
    expect(list).toMatchObject({ type: 'list', body: expect.stringContaining('Non è più disponibile: «Scuole».') });
    const rows = (list as { sections: { rows: { id: string }[] }[] }).sections[0]!.rows.map((r) => r.id);
    expect(rows).not.toContain('topic:scuole-e-universita');
    expect(await ctx.db.auditLog.findFirst({ where: { action: 'topic_retire', target: 'scuole-e-universita' } })).toMatchObject({
      details: { followers: 2, givenEveryTopic: 1 },
    });

    await reactivateTopic(ctx, { actor: admin, slug: 'scuole-e-universita' });
    expect(await followed(both!)).toEqual(['scuole-e-universita', 'urgenze']);
  });

  it('lists every topic for admins, retired ones too, in order, with their active followers', async () => {
    await expect(listTopics(ctx, { actor: await staffActor(ctx, 'EDITOR') })).rejects.toMatchObject({ code: 'forbidden' });
    await addSubscribers(ctx, 2, ['viabilita']);
    const before = (await listTopics(ctx, { actor: admin })).find((t) => t.slug === 'viabilita')!.followers;
    await addSubscribers(ctx, 1, ['viabilita']);
    await retireTopic(ctx, { actor: admin, slug: 'viabilita' });
    const list = await listTopics(ctx, { actor: admin });
    expect(list.map((t) => t.slug)).toEqual(await order());
    expect(list.find((t) => t.slug === 'viabilita')).toMatchObject({ active: false, followers: before + 1 });
    await reactivateTopic(ctx, { actor: admin, slug: 'viabilita' });
  });
});
