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

/** `columns` in order: the keys of a `ChangeRow`, and their SQL names (for `deltaColumn`). */
const CHANGE_KEYS = Object.keys(columns) as (keyof ChangeRow)[];
const CHANGE_NAMES = sql.raw(
  Object.values(columns)
    .map((column) => `"${column.name}"`)
    .join(', '),
);

/**
 * A column holding `storeId`'s change-log rows after `afterSeq`, up to the store's revision, as
 * one JSON array (`[]` when there are none): read with the state in the same statement
 * (db/authz/state.ts `readStateAndDelta`, an API key's lookup) instead of as a statement of its own.
 */
export function deltaColumn(storeId: string, afterSeq: number | string) {
  return sql<string>`(SELECT json_group_array(json_array(${CHANGE_NAMES})) FROM (SELECT ${CHANGE_NAMES} FROM authz_changes WHERE store_id = ${storeId} AND seq > ${afterSeq} AND revision <= (SELECT revision FROM authz_stores WHERE id = ${storeId}) ORDER BY seq))`;
}

/** The rows of a `deltaColumn`, as `deltaQuery` answers them, in seq order. */
export function changeRowsOf(column: unknown): ChangeRow[] {
  const rows = (JSON.parse(String(column ?? '[]')) as unknown[][]).map((values) => {
    const row = Object.fromEntries(CHANGE_KEYS.map((key, i) => [key, values[i] ?? null])) as ChangeRow;
    // the stored text, parsed as drizzle's json mode does for `deltaQuery`
    if (typeof row.conditionContext === 'string') row.conditionContext = JSON.parse(row.conditionContext);
    return row;
  });
  // json_group_array keeps the sub-select's order in practice; the catch-up needs it for certain
  return rows.sort((a, b) => a.seq - b.seq);
}

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
