/**
 * Bulk loading for benchmarks and seeds: N tuples into a store through the same write path
 * as the API (revision, change log, counts), a few thousand tuples per atomic batch.
 *
 * @example await bulkLoadTuples(store, storeId, tuples, Date.now());
 */
import type { TupleKey } from '../../functions/index.ts';
import type { Store } from '../store.ts';
import { tupleWriteStatements } from './write.ts';

export async function bulkLoadTuples(store: Store, storeId: string, tuples: TupleKey[], now: number, perBatch = 2000): Promise<void> {
  for (let i = 0; i < tuples.length; i += perBatch) {
    const statements = tupleWriteStatements(store.db, storeId, { writes: tuples.slice(i, i + perBatch), deletes: [] }, now);
    await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
  }
}
