import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './store.ts';

/** D1 binds at most 100 parameters per statement (Cloudflare's documented limit). */
export const D1_MAX_PARAMETERS = 100;

/**
 * Multi-row inserts split so no statement binds more than D1 allows; put the result in one
 * `store.batch` to keep them atomic. Rows already present (by primary key) are left alone.
 */
export function insertIgnoringExisting<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][]) {
  if (rows.length === 0) return [];
  const columns = Math.max(...rows.map((r) => Object.keys(r).length));
  const perStatement = Math.max(1, Math.floor(D1_MAX_PARAMETERS / columns));
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    statements.push(
      db
        .insert(table)
        .values(rows.slice(i, i + perStatement))
        .onConflictDoNothing(),
    );
  }
  return statements;
}
