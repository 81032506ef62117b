import { expect, test } from '@playwright/test';
import { dumpAllRows, findLeaks } from '../lib/testing/privacy-scan';
import { rememberedValues, withDb } from './support/service';

/**
 * Runs after every journey (a Playwright project dependency): dumps every row of every table of
 * the service's database, in every schema (the job queue's too), and looks for each phone number
 * and name the tests gave the service, in clear and inside base64 tokens (lib/testing/privacy-scan.ts).
 */
test('the database holds no plaintext phone number or name after all the journeys', async () => {
  const dump = await withDb(dumpAllRows);
  expect(dump.length).toBeGreaterThan(1000);
  expect(dump).toContain('"phone_hmac"');
  const values = [...new Set(rememberedValues())];
  expect(values.length).toBeGreaterThan(5);
  const leaks = findLeaks(dump, values);
  expect(leaks).toEqual([]);
});
