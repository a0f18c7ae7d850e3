/** The change log: OpenFGA's ReadChanges pages, and the delta a cached snapshot catches up with. */
import { and, asc, eq, gt, gte, lte, sql, max } from 'drizzle-orm';
import { authzChanges } from './schema.ts';
import type { Db } from '../store.ts';

export type ChangeRow = {
  seq: number;
  revision: number;
  operation: 'write' | 'delete';
  objectType: string;
  objectId: string;
  relation: string;
  user: string;
  conditionName: string | null;
  conditionContext: unknown;
  expiresAt: number | null;
  createdAt: number;
};

const columns = {
  seq: authzChanges.seq,
  revision: authzChanges.revision,
  operation: authzChanges.operation,
  objectType: authzChanges.objectType,
  objectId: authzChanges.objectId,
  relation: authzChanges.relation,
  user: authzChanges.user,
  conditionName: authzChanges.conditionName,
  conditionContext: authzChanges.conditionContext,
  expiresAt: authzChanges.expiresAt,
  createdAt: authzChanges.createdAt,
};

/** One page of changes after sequence number `afterSeq`, oldest first. */
export function readChanges(
  db: Db,
  storeId: string,
  options: { pageSize: number; afterSeq?: number; objectType?: string; since?: number },
) {
  const where = [eq(authzChanges.storeId, storeId)];
  if (options.afterSeq !== undefined) where.push(gt(authzChanges.seq, options.afterSeq));
  if (options.objectType) where.push(eq(authzChanges.objectType, options.objectType));
  if (options.since !== undefined) where.push(gte(authzChanges.createdAt, options.since));
  return db
    .select(columns)
    .from(authzChanges)
    .where(and(...where))
    .orderBy(asc(authzChanges.seq))
    .limit(options.pageSize + 1) as unknown as Promise<ChangeRow[]>;
}

/**
 * Changes after `afterSeq` up to the store's current revision, read in the same batch as the
 * revision itself (so the snapshot lands exactly on it).
 */
export function deltaQuery(db: Db, storeId: string, afterSeq: number) {
  return db
    .select(columns)
    .from(authzChanges)
    .where(
      and(
        eq(authzChanges.storeId, storeId),
        gt(authzChanges.seq, afterSeq),
        lte(authzChanges.revision, sql`(SELECT revision FROM authz_stores WHERE id = ${storeId})`),
      ),
    )
    .orderBy(asc(authzChanges.seq));
}

/** The newest change-log sequence number of a store (what a full snapshot load is labelled with). */
export function lastSeqQuery(db: Db, storeId: string) {
  return db
    .select({ seq: max(authzChanges.seq) })
    .from(authzChanges)
    .where(eq(authzChanges.storeId, storeId));
}
