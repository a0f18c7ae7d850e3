/**
 * A libSQL database (in memory, the real migrations) where conformance cases store their
 * tuples, so every check can also be answered from its neighbourhood query — the SQL a large
 * store runs (db/authz/neighbourhood.ts) — and compared with the in-memory answer.
 */
import { createClient } from '@libsql/client';
import {
  check,
  listObjects,
  neighbourhoodPlan,
  MemoryTupleIndex,
  type CheckRequest,
  type CheckResult,
  type CompiledModel,
  type ListObjectsRequest,
  type ListObjectsResult,
  type TupleKey,
} from '../../functions/index.ts';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { libsqlStore, type Store } from '../../db/store.ts';
import { authzStores } from '../../db/authz/schema.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import { listingNeighbourhoodQuery, neighbourhoodQuery, neighbourhoodTuples } from '../../db/authz/neighbourhood.ts';

export class NeighbourhoodDb {
  private constructor(private readonly store: Store) {}

  static async open(): Promise<NeighbourhoodDb> {
    const client = createClient({ url: ':memory:' });
    await migrateLibsql(client);
    return new NeighbourhoodDb(libsqlStore(client));
  }

  /** A new, empty store for one case. */
  async newStore(id: string): Promise<void> {
    await this.store.db
      .insert(authzStores)
      .values({ id, name: id, revision: 0, tupleCount: 0, createdAt: 0, updatedAt: 0 });
  }

  async write(storeId: string, tuples: TupleKey[]): Promise<void> {
    const statements = tupleWriteStatements(this.store.db, storeId, { writes: tuples, deletes: [] }, 0);
    if (statements.length > 0) await this.store.batch(statements as [(typeof statements)[0], ...typeof statements]);
  }

  /**
   * The check answered over the tuples of its neighbourhood alone, or undefined when the model
   * or the request takes the round-by-round path instead (see functions/neighbourhood.ts).
   */
  async check(storeId: string, model: CompiledModel, req: CheckRequest): Promise<CheckResult | undefined> {
    const plan = neighbourhoodPlan(model);
    if (!plan || req.contextualTuples) return undefined;
    const index = new MemoryTupleIndex();
    for (const t of neighbourhoodTuples(await neighbourhoodQuery(this.store.db, storeId, plan, [req]))) index.add(t);
    return check(model, index, req);
  }

  /** List objects over its user's listing neighbourhood alone (undefined: not on this path). */
  async listObjects(
    storeId: string,
    model: CompiledModel,
    req: ListObjectsRequest,
  ): Promise<ListObjectsResult | undefined> {
    const plan = neighbourhoodPlan(model);
    if (!plan || req.contextualTuples) return undefined;
    const index = new MemoryTupleIndex();
    for (const t of neighbourhoodTuples(await listingNeighbourhoodQuery(this.store.db, storeId, plan, [req.user])))
      index.add(t);
    return listObjects(model, index, req);
  }
}
