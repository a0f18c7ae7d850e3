/**
 * `npm run seed`: applies migrations and seeds the demo, on local D1 (wrangler's state in
 * .wrangler/, the database `wrangler dev` uses) or, when LIBSQL_URL is set, on libSQL.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { d1Store, libsqlStore } from '../db/store.ts';
import { migrateLibsql } from '../db/migrate-libsql.ts';
import { seedNorthline } from '../db/seed/apply.ts';
import { hashPassword } from '../worker/auth/password.ts';

/** @param options.persistTo the folder given to wrangler's `--persist-to` (wrangler adds `v3/`). */
export async function seedLocal(options: { persistTo?: string } = {}): Promise<void> {
  const url = process.env.LIBSQL_URL;
  if (url) {
    const client = createClient({
      url,
      ...(process.env.LIBSQL_AUTH_TOKEN ? { authToken: process.env.LIBSQL_AUTH_TOKEN } : {}),
    });
    await migrateLibsql(client);
    await seedNorthline(libsqlStore(client), Date.now(), hashPassword);
    client.close();
    return;
  }
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    persist: options.persistTo ? { path: join(options.persistTo, 'v3') } : true,
  });
  try {
    await seedNorthline(d1Store(proxy.env.DB), Date.now(), hashPassword);
  } finally {
    await proxy.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await seedLocal();
  console.log(`seeded the Northline demo on ${process.env.LIBSQL_URL ? 'libSQL' : 'local D1'}`);
}
