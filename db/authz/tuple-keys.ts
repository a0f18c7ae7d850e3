/** SQL for "these exact tuples" as row values, chunked under D1's bound-parameter limit. */
import { sql, type SQL } from 'drizzle-orm';
import { D1_MAX_PARAMETERS } from '../chunked-insert.ts';
import type { TupleColumns } from './codec.ts';

/** Six parameters per tuple, plus the store id. */
export const KEYS_PER_STATEMENT = Math.floor((D1_MAX_PARAMETERS - 1) / 6);

/** `(object_type, …, user_relation) IN (VALUES (…), …)` for one chunk of keys. */
export function keysIn(keys: TupleColumns[]): SQL {
  const rows = keys.map(
    (k) => sql`(${k.objectType}, ${k.objectId}, ${k.relation}, ${k.userType}, ${k.userId}, ${k.userRelation})`,
  );
  return sql`(object_type, object_id, relation, user_type, user_id, user_relation) IN (VALUES ${sql.join(rows, sql`, `)})`;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
