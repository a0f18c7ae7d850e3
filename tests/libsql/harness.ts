import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { createApp } from '../../worker/app.ts';
import { libsqlStore } from '../../db/store.ts';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { seedNorthline } from '../../db/seed/apply.ts';
import { hashPassword } from '../../worker/auth/password.ts';
import type { Harness } from '../suites/harness.ts';
import { tempDir } from '../temp-dir.ts';

/**
 * A fresh libSQL `file:` database with the migrations and the demo, and the app over it; `env`: the
 * bindings (e.g. `LAMINATE_ADMIN_KEY`). Its folder is removed after the file (or the test) that
 * made it (tests/temp-dir.ts).
 */
export async function libsqlHarness(env: Record<string, unknown> = {}): Promise<Harness> {
  const dir = tempDir('laminate-libsql-', () => {
    if (process.env.LAMINATE_FILES_DIR === files) delete process.env.LAMINATE_FILES_DIR;
  });
  // Uploads (files, logos) go to the folder store at LAMINATE_FILES_DIR, by default the
  // checkout's .laminate/files — npm start's own on libSQL. Unless the test file chose one (or an
  // earlier harness of this file did), they go here, and with this folder.
  const files = join(dir, 'files');
  process.env.LAMINATE_FILES_DIR ||= files;
  const url = `file:${join(dir, 'test.db')}`;
  const client = createClient({ url });
  await migrateLibsql(client);
  const store = libsqlStore(client);
  await seedNorthline(store, Date.now(), hashPassword);
  const app = createApp(() => store);
  return { store: 'libsql', db: store, request: async (path, init) => app.request(path, init, env as never) };
}
