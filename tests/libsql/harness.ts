import { createClient } from '@libsql/client';
import { dirname, join } from 'node:path';
import { createApp } from '../../worker/app.ts';
import { libsqlStore } from '../../db/store.ts';
import { preparedFor } from '../../db/prepared-reads.ts';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { seedNorthline } from '../../db/seed/apply.ts';
import { hashPassword } from '../../worker/auth/password.ts';
import type { Harness } from '../suites/harness.ts';
import { tempDir } from '../temp-dir.ts';

/**
 * A temp folder for a libSQL database, removed after the test or file that made it. The app's
 * folder store (uploads, logos, the engine's snapshots) is LAMINATE_FILES_DIR, by default the
 * checkout's .laminate/files — npm start's own on libSQL: unless the test file chose one (or an
 * earlier harness of this file did), it points into this folder until the folder goes.
 */
export function libsqlFolder(prefix: string): string {
  const files = join(
    tempDir(prefix, () => {
      if (process.env.LAMINATE_FILES_DIR === files) delete process.env.LAMINATE_FILES_DIR;
    }),
    'files',
  );
  process.env.LAMINATE_FILES_DIR ||= files;
  return dirname(files);
}

/**
 * A fresh libSQL `file:` database with the migrations and the demo, and the app over it; `env`: the
 * bindings (e.g. `LAMINATE_ADMIN_KEY`). Its folder is removed after the file (or the test) that
 * made it (tests/temp-dir.ts).
 */
export async function libsqlHarness(env: Record<string, unknown> = {}): Promise<Harness> {
  const url = `file:${join(libsqlFolder('laminate-libsql-'), 'test.db')}`;
  const client = createClient({ url });
  await migrateLibsql(client);
  const store = libsqlStore(client, preparedFor(url));
  await seedNorthline(store, Date.now(), hashPassword);
  const app = createApp(() => store);
  return { store: 'libsql', db: store, request: async (path, init) => app.request(path, init, env as never) };
}
