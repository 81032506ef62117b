import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.data/**', 'node_modules/**', 'lib/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through lib/env.ts only.',
        },
      ],
    },
  },
  {
    files: ['lib/env.ts', 'prisma.config.ts', 'prisma/generate.ts', 'playwright.config.ts', 'e2e/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];

export default config;
