/** API keys (R25): rows hold only the hash; a lookup joins the key's store state (one round trip). */
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { apiKeys, authzStores, type ApiKeyAccess } from './schema.ts';
import type { Db } from '../store.ts';
import { joinedStateColumns, sinceDelta, type Since, type StoreState } from './state.ts';
import type { ChangeRow } from './changes.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyView = Omit<ApiKeyRow, 'secretHash'>;

export async function insertApiKey(db: Db, row: ApiKeyRow): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/**
 * The live key with this hash, with its store's revision, tuple count and newest model: what a
 * request needs to answer a check at the current revision without another query. `since`: the
 * store this key used last in this isolate, the change-log seq its snapshot there has reached —
 * the rows after it come in the same statement (`deltaColumn`), so a check right after a write
 * is still one round trip; dropped when the key turns out to use another store — and the model
 * this isolate holds for it (its text is then not read: `modelTextUnless`).
 */
export async function findApiKeyByHash(
  db: Db,
  secretHash: string,
  since?: Since,
): Promise<{ key: ApiKeyView; state: StoreState; delta?: { afterSeq: number; rows: ChangeRow[] } } | undefined> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      storeId: apiKeys.storeId,
      name: apiKeys.name,
      access: apiKeys.access,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      ...joinedStateColumns(since),
    })
    .from(apiKeys)
    .innerJoin(authzStores, eq(authzStores.id, apiKeys.storeId))
    .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt), isNull(authzStores.deletedAt)));
  if (!row) return undefined;
  const { revision, tupleCount, modelId: latest, modelJson, delta, ...key } = row;
  return {
    key,
    state: { storeId: key.storeId, revision, tupleCount, modelId: latest, modelJson },
    ...sinceDelta(since, key.storeId, delta),
  };
}

const view = {
  id: apiKeys.id,
  storeId: apiKeys.storeId,
  name: apiKeys.name,
  access: apiKeys.access,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export function listApiKeys(db: Db, storeId: string): Promise<ApiKeyView[]> {
  return db.select(view).from(apiKeys).where(eq(apiKeys.storeId, storeId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes a live key of the store; false when there is none. Effective on the next request. */
export async function revokeApiKey(db: Db, storeId: string, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.storeId, storeId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Records use, at most once per `everyMs` per key (the WHERE makes concurrent touches one write). */
export async function touchApiKey(db: Db, id: string, now: number, everyMs: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - everyMs))));
}

export type { ApiKeyAccess };
