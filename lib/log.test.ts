import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = `
import { createLogger, logUnhandledRejections } from './lib/log.ts';
logUnhandledRejections(createLogger('info', { process: 'test' }));
void Promise.reject(new Error('forgotten promise'));
void Promise.reject('plain reason');
setTimeout(() => process.stdout.write('still running\\n'), 50);
`;

describe('unhandled rejections', () => {
  it('are logged as structured error lines and do not take the process down', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('still running\n');
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { level: 'error', msg: 'unhandled promise rejection', process: 'test', error: { name: 'Error', message: 'forgotten promise' } },
      { level: 'error', msg: 'unhandled promise rejection', process: 'test', error: { value: 'plain reason' } },
    ]);
  });

  it('the server and the worker entry points install the handler before anything else can fail', () => {
    for (const entry of ['server/main.ts', 'worker/main.ts']) {
      const source = readFileSync(path.resolve(__dirname, entry), 'utf8');
      const main = source.slice(source.indexOf('async function main()'));
      expect(main.indexOf('logUnhandledRejections(')).toBeGreaterThan(0);
      expect(main.indexOf('logUnhandledRejections(')).toBeLessThan(main.indexOf('getEnv()'));
    }
  });
});
