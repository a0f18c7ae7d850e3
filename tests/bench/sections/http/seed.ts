/**
 * Loads the drive store into SQLite files fast: `seedStoreSql` (db/authz/bulk-sql.ts) in chunks
 * of 50,000 tuples through libSQL's `executeMultiple` (one 1M-tuple script would be ~300 MB of
 * text), then the same rows copied into the local D1 file that `wrangler dev` serves.
 *
 * D1: `wrangler d1 migrations apply --local` creates the database file under
 * `<persist>/v3/d1/miniflare-D1DatabaseObject/*.sqlite`; with no wrangler running, the bench
 * ATTACHes the seeded libSQL file and copies its rows (lib/d1.ts; same migrations, same
 * columns). `wrangler d1 execute --local --file` does the same job through the D1 API at
 * ~20 s per 100k tuples (docs/edge-api.md), ~4 min at 1M: too slow for the section's budget.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { parseModel } from '../../../../functions/index.ts';
import { seedStoreSql } from '../../../../db/authz/bulk-sql.ts';
import { migrateLibsql } from '../../../../db/migrate-libsql.ts';
import { DRIVE_MODEL, driveTuples, type DriveStore, type Tuple } from '../../drive/index.ts';
import { d1StateFrom } from '../../lib/d1.ts';
import { benchTemp } from '../../lib/temp.ts';

const CHUNK = 50_000;

export const driveModel = (() => {
  const parsed = parseModel(DRIVE_MODEL);
  if (!parsed.ok) throw new Error(`drive model does not parse: ${parsed.errors[0]?.message}`);
  return parsed.model;
})();

/** A fresh libSQL file holding the drive store; returns its path, the store id and the time. */
export async function seedLibsqlFile(store: DriveStore): Promise<{ file: string; storeId: string; ms: number }> {
  const started = performance.now();
  const file = join(benchTemp('laminate-bench-http-'), 'drive.db');
  const client = createClient({ url: `file:${file}` });
  try {
    await migrateLibsql(client);
    for (const pragma of ['journal_mode = WAL', 'synchronous = OFF', 'cache_size = -262144'])
      await client.execute(`PRAGMA ${pragma}`);
    const head = seedStoreSql({ name: `drive ${store.target}`, model: driveModel, tuples: [] });
    await client.executeMultiple(head.sql);
    let chunk: Tuple[] = [];
    const flush = async () => {
      const part = seedStoreSql({ name: 'chunk', model: driveModel, tuples: chunk });
      const rows = part.sql
        .split(/\n(?=INSERT INTO)/)
        .filter((s) => s.startsWith('INSERT INTO authz_tuples') || s.startsWith('INSERT INTO authz_changes'))
        .map((s) => s.replaceAll(`'${part.storeId}'`, `'${head.storeId}'`));
      await client.executeMultiple(`BEGIN;\n${rows.join('\n')}\nCOMMIT;`);
      chunk = [];
    };
    for (const t of driveTuples(store)) {
      chunk.push(t);
      if (chunk.length === CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    await client.execute({
      sql: 'UPDATE authz_stores SET tuple_count = ? WHERE id = ?',
      args: [store.tupleCount, head.storeId],
    });
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    return { file, storeId: head.storeId, ms: performance.now() - started };
  } finally {
    client.close();
  }
}

/** A migrated local D1 folder for `wrangler dev --persist-to`, holding the rows of `source` (lib/d1.ts). */
export const seedD1 = (source: string): Promise<{ persist: string; ms: number }> => d1StateFrom(source);
