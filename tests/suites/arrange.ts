/**
 * Arranging a test the way an admin's change would land: tuples through the same atomic write
 * path the API uses (revision bump, change log), so R8's "next request" promise is what is
 * tested, not a shortcut around it.
 */
import { eq } from 'drizzle-orm';
import { workspaces } from '../../db/identity/schema.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { TupleKey } from '../../functions/index.ts';
import type { Harness } from './harness.ts';

export async function storeIdOf(harness: Harness, workspaceId = 'ws_northline'): Promise<string> {
  const [row] = await harness.db.db
    .select({ storeId: workspaces.storeId })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row?.storeId) throw new Error(`workspace ${workspaceId} has no store`);
  return row.storeId;
}

export async function changeTuples(
  harness: Harness,
  change: { writes?: TupleKey[]; deletes?: TupleKey[] },
  workspaceId = 'ws_northline',
): Promise<void> {
  const storeId = await storeIdOf(harness, workspaceId);
  const statements = tupleWriteStatements(
    harness.db.db,
    storeId,
    { writes: change.writes ?? [], deletes: change.deletes ?? [] },
    Date.now(),
  );
  if (statements.length) await harness.db.batch(statements as [(typeof statements)[0], ...typeof statements]);
}

/** Applies a change for the length of `body`, then takes it back. */
export async function withTuples<T>(
  harness: Harness,
  change: { writes?: TupleKey[]; deletes?: TupleKey[] },
  body: () => Promise<T>,
): Promise<T> {
  await changeTuples(harness, change);
  try {
    return await body();
  } finally {
    await changeTuples(harness, { writes: change.deletes ?? [], deletes: change.writes ?? [] });
  }
}
