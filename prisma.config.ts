import { defineConfig } from 'prisma/config';

// Used only by the Prisma CLI (`prisma generate`, and `prisma migrate deploy` where its engine is
// available). The application connects through lib/db.ts with the node-postgres adapter.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/banditore' },
});
