import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two tiers (README, "Run the tests"): `unit` is everything that runs in one process and is quick;
 * `soak` is the sending tests that spawn worker and simulator processes, hold the real clock or
 * race concurrent connections (crash, fault, engine, rate, references, stop). `npm run test:unit` and
 * `npm run test:soak` run one each; `npm test` runs both.
 */
const SOAK = [
  'lib/delivery/crash.test.ts',
  'lib/delivery/fault.test.ts',
  'lib/delivery/engine.test.ts',
  'lib/delivery/rate*.test.ts',
  'lib/delivery/references.test.ts',
  'lib/alerts/stop-alert.test.ts',
];

const alias = { '@': import.meta.dirname };
const shared = {
  include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts'],
  environment: 'node' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    // The root project's global setup runs once for any project selection and provides its
    // database to every project; the projects do not extend the root, so it is not repeated.
    globalSetup: ['lib/testing/global-setup.ts'],
    projects: [
      { resolve: { alias }, test: { ...shared, name: 'unit', exclude: [...configDefaults.exclude, ...SOAK] } },
      { resolve: { alias }, test: { ...shared, name: 'soak', include: SOAK } },
    ],
  },
});
