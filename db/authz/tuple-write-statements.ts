/**
 * A tuple write as ONE atomic batch: bump the store's revision, record every change in the log
 * under that revision, delete, insert. A failed batch changes nothing (D1 and libSQL run a
 * batch as one transaction), so the revision is gap-free and the log never disagrees with the
 * tuples. Statements are cut under D1's 100 bound parameters.
 *
 * The caller decides what to write (existing tuples skipped for `on_duplicate: ignore`, missing
 * ones for `on_missing: ignore`). A concurrent writer that inserts the same tuple in between
 * makes the plain INSERT fail, and with it the whole batch: the caller answers 409, retryable.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TupleKey } from '../../functions/index.ts';
import { D1_MAX_PARAMETERS } from '../chunked-insert.ts';
import { authzChanges, authzStores, authzTuples } from './schema.ts';
import type { Db } from '../store.ts';
import { toColumns } from './codec.ts';
import { chunks, keysIn, KEYS_PER_STATEMENT } from './tuple-keys.ts';

export type TupleWrite = { writes: TupleKey[]; deletes: TupleKey[] };

/** The store's new revision, read inside the batch after the bump. */
const revisionOf = (storeId: string): SQL<number> =>
  sql<number>`(SELECT revision FROM authz_stores WHERE id = ${storeId})`;

/** Columns bound per row: tuples 12 (11 values + the revision sub-select's id), changes 11. */
const TUPLE_ROWS = Math.floor(D1_MAX_PARAMETERS / 12);
const CHANGE_ROWS = Math.floor(D1_MAX_PARAMETERS / 11);

/**
 * The statements of one write, to run in one `store.batch` (the workspace API can append them
 * to its own batch so a domain row and its tuples land together). Empty when there is nothing
 * to do, so a no-op write does not bump the revision.
 */
export function tupleWriteStatements(db: Db, storeId: string, change: TupleWrite, now: number): BatchItem<'sqlite'>[] {
  if (change.writes.length === 0 && change.deletes.length === 0) return [];
  const revision = revisionOf(storeId);
  const statements: BatchItem<'sqlite'>[] = [
    db
      .update(authzStores)
      .set({
        revision: sql`${authzStores.revision} + 1`,
        tupleCount: sql`${authzStores.tupleCount} + ${change.writes.length - change.deletes.length}`,
        updatedAt: now,
      })
      .where(and(eq(authzStores.id, storeId), isNull(authzStores.deletedAt))),
  ];
  const logged = [
    ...change.deletes.map((t) => ({ t, operation: 'delete' as const })),
    ...change.writes.map((t) => ({ t, operation: 'write' as const })),
  ];
  for (const group of chunks(logged, CHANGE_ROWS)) {
    statements.push(
      db.insert(authzChanges).values(
        group.map(({ t, operation }) => {
          const c = toColumns(t);
          const written = operation === 'write';
          return {
            storeId,
            revision,
            operation,
            objectType: c.objectType,
            objectId: c.objectId,
            relation: t.relation,
            user: t.user,
            conditionName: written ? (t.condition?.name ?? null) : null,
            conditionContext: written ? (t.condition?.context ?? null) : null,
            expiresAt: written ? (t.expiresAt ?? null) : null,
            createdAt: now,
          };
        }),
      ),
    );
  }
  for (const group of chunks(change.deletes.map(toColumns), KEYS_PER_STATEMENT)) {
    statements.push(db.delete(authzTuples).where(and(eq(authzTuples.storeId, storeId), keysIn(group))));
  }
  for (const group of chunks(change.writes, TUPLE_ROWS)) {
    statements.push(
      db.insert(authzTuples).values(
        group.map((t) => ({
          storeId,
          ...toColumns(t),
          conditionName: t.condition?.name ?? null,
          conditionContext: t.condition?.context ?? null,
          expiresAt: t.expiresAt ?? null,
          revision,
          createdAt: now,
        })),
      ),
    );
  }
  return statements;
}
