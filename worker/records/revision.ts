/**
 * Optimistic concurrency for workspace edits (roles, people, folder and file access).
 *
 * Each such record has a revision column. `GET` answers `ETag: "r<revision>"`; a write
 * compare-and-sets it in SQL (`UPDATE … SET revision = revision + 1 WHERE id = ? AND revision = ?`,
 * first in the write's batch), and the activity entry right after it takes its workspace from
 * `afterCompareAndSet`: NULL unless that UPDATE changed the row, so a lost race breaks the log's
 * NOT NULL constraint and aborts the whole batch — rows, tuples and entry — and the loser gets
 * 409 with the current state. A read-then-check in JS would let two requests that read the same
 * revision both write.
 *
 * `If-Match` is optional, as for roles: without it the write is still compare-and-set against
 * the revision this request read, so two writers never silently overwrite each other; with it,
 * the client also learns that what it showed its user is no longer current.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ApiError } from '../errors.ts';

/** The ETag of a revision. */
export const etagOf = (revision: number) => `"r${revision}"`;

/** Whether the request's `If-Match` (absent, `*`, or a list of ETags) admits this revision. */
export function ifMatchAdmits(header: string | undefined, revision: number): boolean {
  if (header === undefined) return true;
  const tags = header.split(',').map((t) => t.trim());
  return tags.includes('*') || tags.includes(etagOf(revision));
}

/**
 * The workspace of row `id` of `table` if the statement just before (the compare-and-set
 * UPDATE) changed exactly one row; NULL otherwise. Put it in the activity entry's `workspaceId`.
 */
export const afterCompareAndSet = (table: SQLiteTable, id: string): SQL =>
  sql`(SELECT workspace_id FROM ${table} WHERE id = ${id} AND changes() = 1)`;

/**
 * Runs a compare-and-set write: a stale `If-Match` (the request's header, `ifMatch`), or a race
 * lost inside the batch, answers `stale()` (which re-reads the record) and changes nothing.
 * `undefined` when the write landed. The 409 itself: worker/routes/workspace/conflict.ts.
 */
export async function writeIfCurrent<R extends Response>(
  ifMatch: string | undefined,
  revision: number,
  write: () => Promise<void>,
  stale: () => Promise<R>,
): Promise<R | undefined> {
  if (!ifMatchAdmits(ifMatch, revision)) return stale();
  try {
    await write();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'conflict') return stale();
    throw error;
  }
  return undefined;
}
