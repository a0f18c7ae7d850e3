/** Authorization stores: create, read, list (by id, which sorts by creation), soft delete. */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { authzStores } from './schema.ts';
import type { Db } from '../store.ts';
import { ulid } from './ids.ts';

export type StoreRow = typeof authzStores.$inferSelect;

export async function createStore(db: Db, name: string, now: number, workspaceId?: string): Promise<StoreRow> {
  const row: StoreRow = {
    id: ulid(now),
    name,
    workspaceId: workspaceId ?? null,
    revision: 0,
    tupleCount: 0,
    authzenActions: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  await db.insert(authzStores).values(row);
  return row;
}

/** A live (not deleted) store, or undefined. */
export async function findStore(db: Db, id: string): Promise<StoreRow | undefined> {
  const [row] = await db
    .select()
    .from(authzStores)
    .where(and(eq(authzStores.id, id), isNull(authzStores.deletedAt)));
  return row;
}

/** One page of live stores after `afterId`, optionally only `onlyId` (a key sees its own store). */
export async function listStores(
  db: Db,
  options: { pageSize: number; afterId?: string; name?: string; onlyId?: string },
): Promise<StoreRow[]> {
  const where = [isNull(authzStores.deletedAt)];
  if (options.afterId) where.push(gt(authzStores.id, options.afterId));
  if (options.name) where.push(eq(authzStores.name, options.name));
  if (options.onlyId) where.push(eq(authzStores.id, options.onlyId));
  return db
    .select()
    .from(authzStores)
    .where(and(...where))
    .orderBy(asc(authzStores.id))
    .limit(options.pageSize + 1);
}

/** Soft delete: the rows stay for audit; every route treats the store as gone. */
export async function deleteStore(db: Db, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(authzStores)
    .set({ deletedAt: now, updatedAt: now })
    .where(and(eq(authzStores.id, id), isNull(authzStores.deletedAt)))
    .returning({ id: authzStores.id });
  return rows.length > 0;
}
