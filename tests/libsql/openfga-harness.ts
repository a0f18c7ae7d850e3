import { createClient, type Client } from '@libsql/client';
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../worker/app.ts';
import { libsqlStore } from '../../db/store.ts';
import { preparedFor } from '../../db/prepared-reads.ts';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import { seedStore } from '../../db/authz/bulk.ts';
import { ADMIN_KEY, type EdgeHarness } from '../suites/openfga-harness.ts';
import { libsqlFolder } from './harness.ts';

/** A fresh libSQL `file:` database with the migrations, and the edge API over it; its folder (snapshots too) is removed after the file (or the test) that made it. */
export async function libsqlEdge(
  vars: Record<string, unknown> = {},
): Promise<EdgeHarness & { listen(): Promise<{ url: string; close(): void }>; client: Client }> {
  const url = `file:${join(libsqlFolder('laminate-edge-'), 'edge.db')}`;
  const client = createClient({ url });
  await migrateLibsql(client);
  const store = libsqlStore(client, preparedFor(url));
  const app = createApp(() => store);
  const env = { LAMINATE_ADMIN_KEY: ADMIN_KEY, ...vars } as never;
  return {
    store: 'libsql',
    client,
    request: async (path, init) => app.request(path, init, env),
    seed: (model, tuples) => seedStore(store, { name: 'seeded', model, tuples }),
    async writeDirect(storeId, writes, deletes) {
      const statements = tupleWriteStatements(store.db, storeId, { writes, deletes }, Date.now());
      await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
    },
    async pruneChanges(storeId, revision) {
      await client.execute({
        sql: 'DELETE FROM authz_changes WHERE store_id = ? AND revision <= ?',
        args: [storeId, revision],
      });
    },
    /** A real HTTP server of the same app (what `@openfga/sdk` talks to). */
    listen: () =>
      new Promise((resolve) => {
        const server = serve(
          { fetch: (request) => app.fetch(request, env), port: 0, hostname: '127.0.0.1' },
          (info: AddressInfo) => {
            resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() });
          },
        );
      }),
  };
}
