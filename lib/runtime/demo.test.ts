import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatorToken } from './demo';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-demo-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the simulator token file', () => {
  it('holds this start’s token, readable by this user only, replacing the previous one', async () => {
    const file = path.join(dir, 'sub', 'simulator-token');
    expect(await writeSimulatorToken(path.join(dir, 'sub'), 'first')).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await chmod(file, 0o644);
    await writeSimulatorToken(path.join(dir, 'sub'), 'second');
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('is created with mode 600 even where an older file was world-readable', async () => {
    const file = path.join(dir, 'simulator-token');
    await writeFile(file, 'old', { mode: 0o666 });
    await writeSimulatorToken(dir, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
