/**
 * Bulk loading for benchmarks and seeds: N tuples into a store through the same write path
 * as the API (revision, change log, counts), a few thousand tuples per atomic batch.
 *
 * @example await bulkLoadTuples(store, storeId, tuples, Date.now());
 */
import type { AuthorizationModel, TupleKey } from '../../functions/index.ts';
import type { Store } from '../store.ts';
import { insertModel } from './models.ts';
import { createStore } from './stores.ts';
import { tupleWriteStatements } from './tuple-write-statements.ts';

export async function bulkLoadTuples(
  store: Store,
  storeId: string,
  tuples: TupleKey[],
  now: number,
  perBatch = 2000,
): Promise<void> {
  for (let i = 0; i < tuples.length; i += perBatch) {
    const statements = tupleWriteStatements(
      store.db,
      storeId,
      { writes: tuples.slice(i, i + perBatch), deletes: [] },
      now,
    );
    await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
  }
}

/**
 * A new store with a model and N tuples, for benchmarks: the ids to point a client at.
 * @example const { storeId } = await seedStore(store, { name: 'bench', model, tuples });
 */
export async function seedStore(
  store: Store,
  options: { name: string; model: AuthorizationModel; tuples: TupleKey[]; now?: number },
): Promise<{ storeId: string; modelId: string }> {
  const now = options.now ?? Date.now();
  const { id: storeId } = await createStore(store.db, options.name, now);
  const modelId = await insertModel(store.db, storeId, options.model, now);
  await bulkLoadTuples(store, storeId, options.tuples, now);
  return { storeId, modelId };
}
