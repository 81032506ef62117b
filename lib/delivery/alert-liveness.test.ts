import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { AlertLiveness } from './alert-liveness';
import { runHousekeeping } from './housekeeping';
import { seedSubscribers } from '../testing/fixtures';
import { publishAlert } from './testing/fixtures';

/** A liveness whose refreshes the test answers by hand. */
function manual() {
  const answers: ((ids: string[] | Error) => void)[] = [];
  const errors: unknown[] = [];
  const liveness = new AlertLiveness({
    refresh: () => new Promise<string[]>((resolve, reject) => answers.push((a) => (a instanceof Error ? reject(a) : resolve(a)))),
    onError: (e) => errors.push(e),
  });
  return {
    liveness,
    errors,
    refreshes: () => answers.length,
    answer: async (ids: string[] | Error) => {
      answers.at(-1)?.(ids);
      await liveness.settled();
    },
  };
}

describe('alert liveness (alone)', () => {
  it('knows an alert from its claim and forgets it when a refresh no longer lists it', async () => {
    const m = manual();
    m.liveness.claimed('a1');
    expect(m.liveness.isSending('a1')).toBe(true);
    m.liveness.refresh();
    await m.answer(['a1', 'a2']);
    expect(m.liveness.isSending('a2')).toBe(true);
    m.liveness.refresh();
    await m.answer(['a2']);
    expect(m.liveness.isSending('a1')).toBe(false);
    expect(m.liveness.isSending('a2')).toBe(true);
  });

  it('keeps an alert claimed during a refresh past that refresh, whose answer may predate the claim', async () => {
    const m = manual();
    m.liveness.refresh();
    m.liveness.claimed('late');
    await m.answer([]);
    expect(m.liveness.isSending('late')).toBe(true);
    m.liveness.refresh();
    await m.answer([]);
    expect(m.liveness.isSending('late')).toBe(false);
  });

  it('drops an alert at once when its own results paused it', () => {
    const m = manual();
    m.liveness.claimed('a1');
    m.liveness.claimed('a2');
    m.liveness.paused(['a1']);
    expect(m.liveness.isSending('a1')).toBe(false);
    expect(m.liveness.isSending('a2')).toBe(true);
  });

  it('never runs two refreshes at once', async () => {
    const m = manual();
    m.liveness.refresh();
    m.liveness.refresh();
    expect(m.refreshes()).toBe(1);
    await m.answer(['a1']);
    m.liveness.refresh();
    expect(m.refreshes()).toBe(2);
    await m.answer(['a1']);
  });

  it('reports a failed refresh and keeps what it knew', async () => {
    const m = manual();
    m.liveness.claimed('a1');
    m.liveness.refresh();
    await m.answer(new Error('database gone'));
    expect(m.errors).toHaveLength(1);
    expect(m.liveness.isSending('a1')).toBe(true);
    m.liveness.refresh();
    expect(m.refreshes()).toBe(2);
  });
});

describe('alert liveness (with housekeeping on the database)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    await seedSubscribers(ctx, { count: 3 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('follows the alerts SENDING in the database: a pause by another worker reaches it on the next refresh', async () => {
    const liveness = new AlertLiveness({
      refresh: async () => (await runHousekeeping(ctx.pool, ctx.now(), 20_000)).sending,
      onError: (e) => {
        throw e;
      },
    });
    const { alertId } = await publishAlert(ctx);
    expect(liveness.isSending(alertId)).toBe(false);
    liveness.refresh();
    await liveness.settled();
    expect(liveness.isSending(alertId)).toBe(true);

    await ctx.pool.query(`UPDATE alerts SET status = 'PAUSED' WHERE id = $1`, [alertId]);
    liveness.refresh();
    await liveness.settled();
    expect(liveness.isSending(alertId)).toBe(false);
  });
});
