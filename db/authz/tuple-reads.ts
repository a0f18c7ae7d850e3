/**
 * Tuple reads: pages of tuples for OpenFGA's Read, which of a set of tuples exist (write
 * validation), every tuple of a store (snapshot loads) and the tuples matching a batch of
 * fetch keys (the engine's fetching source: one batch of keys, one round trip).
 */
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { FetchKey } from '../../functions/index.ts';
import { authzTuples } from './schema.ts';
import type { Db, Store } from '../store.ts';
import { fromRow, type TupleColumns, type TupleRow } from './codec.ts';
import { chunks, keysIn, KEYS_PER_STATEMENT } from './tuple-keys.ts';

const columns = {
  objectType: authzTuples.objectType,
  objectId: authzTuples.objectId,
  relation: authzTuples.relation,
  userType: authzTuples.userType,
  userId: authzTuples.userId,
  userRelation: authzTuples.userRelation,
  conditionName: authzTuples.conditionName,
  conditionContext: authzTuples.conditionContext,
  expiresAt: authzTuples.expiresAt,
};

export type StoredTuple = TupleRow & { createdAt: number };

/** Every tuple of a store (a snapshot load). */
export function allTuplesQuery(db: Db, storeId: string) {
  return db.select(columns).from(authzTuples).where(eq(authzTuples.storeId, storeId));
}

/** The existing rows among `keys`, as one batch of statements (one round trip). */
export async function existingTuples(store: Store, storeId: string, keys: TupleColumns[]): Promise<TupleRow[]> {
  if (keys.length === 0) return [];
  const statements = chunks(keys, KEYS_PER_STATEMENT).map((chunk) =>
    store.db
      .select(columns)
      .from(authzTuples)
      .where(and(eq(authzTuples.storeId, storeId), keysIn(chunk))),
  );
  const results = (await store.batch(statements as [(typeof statements)[0], ...typeof statements])) as TupleRow[][];
  return results.flat();
}

export type ReadFilter = {
  objectType?: string;
  objectId?: string;
  relation?: string;
  userType?: string;
  userId?: string;
  userRelation?: string;
};

/** The sort key of a tuple row, also the continuation cursor of Read. */
export type ReadCursor = [string, string, string, string, string, string];

/**
 * One page of OpenFGA Read: tuples matching the filter, in primary-key order after `after`
 * (a query, so a batch can hold it: the compact snapshot's build reads its first page that way).
 */
export function readTuples(db: Db, storeId: string, filter: ReadFilter, pageSize: number, after?: ReadCursor) {
  const where: SQL[] = [eq(authzTuples.storeId, storeId)];
  for (const [name, value] of Object.entries(filter) as [keyof ReadFilter, string | undefined][]) {
    if (value !== undefined) where.push(eq(authzTuples[name], value));
  }
  if (after)
    where.push(
      sql`(object_type, object_id, relation, user_type, user_id, user_relation) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]}, ${after[4]}, ${after[5]})`,
    );
  return db
    .select({ ...columns, createdAt: authzTuples.createdAt })
    .from(authzTuples)
    .where(and(...where))
    .orderBy(
      asc(authzTuples.objectType),
      asc(authzTuples.objectId),
      asc(authzTuples.relation),
      asc(authzTuples.userType),
      asc(authzTuples.userId),
      asc(authzTuples.userRelation),
    )
    .limit(pageSize + 1);
}

/**
 * Every tuple matching any key, in ONE statement (D1 binds at most 100 parameters, so a batch
 * larger than that is cut into several statements sent together: still one round trip).
 */
export async function fetchByKeys(store: Store, storeId: string, keys: FetchKey[]) {
  const conditions = keys.map((k) => {
    if (k.kind === 'forward')
      return and(
        eq(authzTuples.objectType, k.objectType),
        eq(authzTuples.objectId, k.objectId),
        eq(authzTuples.relation, k.relation),
      )!;
    const hash = k.user.indexOf('#');
    const colon = k.user.indexOf(':');
    const userRelation = hash < 0 ? '' : k.user.slice(hash + 1);
    const userId = k.user.slice(colon + 1, hash < 0 ? undefined : hash);
    return and(
      eq(authzTuples.userType, k.user.slice(0, colon)),
      eq(authzTuples.userId, userId),
      eq(authzTuples.userRelation, userRelation),
      eq(authzTuples.objectType, k.objectType),
      eq(authzTuples.relation, k.relation),
    )!;
  });
  // forward keys bind 3 parameters, reverse 5: 19 keys keep a statement under 100
  const statements = chunks(conditions, 19).map((group) =>
    store.db
      .select(columns)
      .from(authzTuples)
      .where(and(eq(authzTuples.storeId, storeId), or(...group))),
  );
  if (statements.length === 0) return [];
  const results = (await store.batch(statements as [(typeof statements)[0], ...typeof statements])) as TupleRow[][];
  return results.flat().map(fromRow);
}
