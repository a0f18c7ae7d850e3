import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Store } from '../../db/store.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import { seedStore } from '../../db/authz/bulk.ts';
import type { EdgeHarness } from '../suites/openfga-harness.ts';

/**
 * The edge API inside workerd over local D1, with the operator key the test config binds;
 * `vars` adds bindings (e.g. `LAMINATE_SNAPSHOT_MAX_TUPLES: '0'` to read through the fetching source).
 */
export const d1Edge = (vars: Record<string, unknown> = {}): EdgeHarness => ({
  store: 'd1',
  request: async (path, init) => app.request(path, init, { ...env, ...vars }),
  seed: (model, tuples) => seedStore(d1Store(env.DB), { name: 'seeded', model, tuples }),
  async pruneChanges(storeId, revision) {
    await env.DB.prepare('DELETE FROM authz_changes WHERE store_id = ? AND revision <= ?')
      .bind(storeId, revision)
      .run();
  },
  async writeDirect(storeId, writes, deletes) {
    const store = d1Store(env.DB);
    const statements = tupleWriteStatements(store.db, storeId, { writes, deletes }, Date.now());
    await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
  },
});
