import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates plain SQL into db/migrations; wrangler and the libSQL migrator apply it. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/all-schema.ts',
  out: './db/migrations',
});
