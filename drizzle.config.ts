import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates plain SQL into db/migrations; wrangler and the libSQL migrator apply it. */
export default defineConfig({
  dialect: 'sqlite',
  schema: ['./db/schema.ts', './db/workspace-schema.ts', './db/collab-schema.ts', './db/people-schema.ts'],
  out: './db/migrations',
});
