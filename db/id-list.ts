import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/**
 * `column IN (ids)` with ONE bound parameter (a JSON array read by SQLite's json_each), so a
 * list of any length fits under D1's 100 parameters per statement.
 */
export function inIdList(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
