/**
 * Tracked cleanup of stored objects (R22: no orphan in R2 or on disk). A write that drops a
 * file's object puts a `blob_deletions` row in its own batch; right after the commit the object
 * is deleted and the row with it. When that fails (R2 or the disk unavailable), the row stays
 * and the hourly housekeeping (worker/housekeeping/housekeep.ts) retries until it succeeds.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { blobDeletions } from '../../db/collaboration/schema.ts';
import type { Db, Store } from '../../db/store.ts';
import type { BlobStore } from './blob-store.ts';

/** The row that tracks `key` until its object is gone: run it in the write's own batch. */
export function pendingBlobDeletion(db: Db, key: string, workspaceId: string, now: number): BatchItem<'sqlite'> {
  return db.insert(blobDeletions).values({ key, workspaceId, createdAt: now }).onConflictDoNothing();
}

/** After the commit: delete the object, then its row; on failure the row stays for the sweep. */
export async function deleteBlobNow(store: Store, blobs: BlobStore, key: string): Promise<boolean> {
  try {
    await blobs.delete(key);
  } catch {
    return false;
  }
  await store.db.delete(blobDeletions).where(eq(blobDeletions.key, key));
  return true;
}

/** The sweep: tries every pending deletion (oldest first, `limit` a run); returns how many went. */
export async function sweepBlobDeletions(
  store: Store,
  blobs: BlobStore,
  limit = 200,
): Promise<{ deleted: number; failed: number }> {
  const pending = await store.db
    .select({ key: blobDeletions.key })
    .from(blobDeletions)
    .orderBy(blobDeletions.createdAt)
    .limit(limit);
  const done: string[] = [];
  const failed: string[] = [];
  for (const { key } of pending) {
    try {
      await blobs.delete(key);
      done.push(key);
    } catch {
      failed.push(key);
    }
  }
  const statements: BatchItem<'sqlite'>[] = [];
  if (done.length) statements.push(store.db.delete(blobDeletions).where(inArray(blobDeletions.key, done)));
  if (failed.length)
    statements.push(
      store.db
        .update(blobDeletions)
        .set({ attempts: sql`${blobDeletions.attempts} + 1` })
        .where(inArray(blobDeletions.key, failed)),
    );
  if (statements.length) await store.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  return { deleted: done.length, failed: failed.length };
}
