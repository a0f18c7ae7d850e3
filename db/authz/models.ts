/** Authorization models: immutable rows, newest first by id (ULIDs sort by time). */
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { AuthorizationModel } from '../../functions/index.ts';
import { authzModels, authzStores } from './schema.ts';
import type { Db } from '../store.ts';
import { ulid } from './ids.ts';

export type ModelRow = { id: string; schemaVersion: string; model: AuthorizationModel; createdAt: number };

/** Stores a validated model under a new id; the caller has checked the store exists. */
export async function insertModel(db: Db, storeId: string, model: AuthorizationModel, now: number): Promise<string> {
  const id = ulid(now);
  const body: AuthorizationModel = { schema_version: model.schema_version, type_definitions: model.type_definitions };
  if (model.conditions && Object.keys(model.conditions).length > 0) body.conditions = model.conditions;
  await db
    .insert(authzModels)
    .values({ id, storeId, schemaVersion: model.schema_version, model: body, createdAt: now });
  return id;
}

/** A model of a live store (a deleted store's models answer nothing). */
export async function findModel(db: Db, storeId: string, id: string): Promise<ModelRow | undefined> {
  const [row] = await db
    .select({
      id: authzModels.id,
      schemaVersion: authzModels.schemaVersion,
      model: authzModels.model,
      createdAt: authzModels.createdAt,
    })
    .from(authzModels)
    .innerJoin(authzStores, eq(authzStores.id, authzModels.storeId))
    .where(and(eq(authzModels.storeId, storeId), eq(authzModels.id, id), isNull(authzStores.deletedAt)));
  return row as ModelRow | undefined;
}

/** Newest first, one page after `beforeId` (exclusive); one extra row tells whether more follow. */
export async function listModels(db: Db, storeId: string, pageSize: number, beforeId?: string): Promise<ModelRow[]> {
  const where = beforeId
    ? and(eq(authzModels.storeId, storeId), lt(authzModels.id, beforeId))
    : eq(authzModels.storeId, storeId);
  const rows = await db
    .select({
      id: authzModels.id,
      schemaVersion: authzModels.schemaVersion,
      model: authzModels.model,
      createdAt: authzModels.createdAt,
    })
    .from(authzModels)
    .where(where)
    .orderBy(desc(authzModels.id))
    .limit(pageSize + 1);
  return rows as ModelRow[];
}
