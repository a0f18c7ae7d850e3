/**
 * A store's state in one statement: its revision, tuple count, and the model a request uses
 * (the one it pins, or the newest). Every read starts here; it is also what an API key lookup
 * joins, so an authenticated check can learn the revision in the same round trip as the key.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { authzStores } from './schema.ts';
import type { Db } from '../store.ts';

export type StoreState = {
  storeId: string;
  revision: number;
  tupleCount: number;
  modelId: string | null;
  modelJson: string | null;
};

/**
 * The outer row's store id, spelled out: drizzle prints a column unqualified in a select list,
 * where inside a sub-select `"id"` would mean the model's own id.
 */
const outerStoreId = sql.raw('"authz_stores"."id"');

/** The newest model id of the outer query's store. */
export const latestModelId = () =>
  sql<string | null>`(SELECT id FROM authz_models WHERE store_id = ${outerStoreId} ORDER BY id DESC LIMIT 1)`;

export function stateQuery(db: Db, storeId: string, pinnedModelId?: string) {
  const modelId = pinnedModelId
    ? sql<string | null>`(SELECT id FROM authz_models WHERE store_id = ${outerStoreId} AND id = ${pinnedModelId})`
    : latestModelId();
  return db
    .select({
      storeId: authzStores.id,
      revision: authzStores.revision,
      tupleCount: authzStores.tupleCount,
      modelId,
      modelJson: sql<string | null>`(SELECT model FROM authz_models WHERE id = ${modelId})`,
    })
    .from(authzStores)
    .where(and(eq(authzStores.id, storeId), isNull(authzStores.deletedAt)));
}
