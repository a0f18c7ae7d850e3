/**
 * Reading a person's or an object's current tuples and diffing them against what they should
 * be: every grant change is written as exactly the tuples that differ, in the batch of its row
 * (R8). The one `diffTuples` of the Worker. The workspace's other reads of the tuples table:
 * ./workspace-reads.ts (only db/authz touches it: tests/unit/worker/tuples-table.test.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { TupleKey } from '../../functions/index.ts';
import { authzTuples } from './schema.ts';
import { splitObject, splitUser, userText } from './codec.ts';
import type { Db } from '../store.ts';

/** The stored tuples on `object` among `relations`, optionally only those of one `user`. */
export async function readTuples(
  db: Db,
  storeId: string,
  object: string,
  relations: readonly string[],
  user?: string,
): Promise<TupleKey[]> {
  if (relations.length === 0) return [];
  const o = splitObject(object);
  const u = user ? splitUser(user) : undefined;
  const rows = await db
    .select()
    .from(authzTuples)
    .where(
      and(
        eq(authzTuples.storeId, storeId),
        eq(authzTuples.objectType, o.type),
        eq(authzTuples.objectId, o.id),
        inArray(authzTuples.relation, [...relations]),
        u
          ? and(
              eq(authzTuples.userType, u.type),
              eq(authzTuples.userId, u.id),
              eq(authzTuples.userRelation, u.relation),
            )
          : undefined,
      ),
    );
  return rows.map((r) => ({
    object,
    relation: r.relation,
    user: userText(r),
    ...(r.conditionName
      ? { condition: { name: r.conditionName, context: (r.conditionContext ?? {}) as Record<string, unknown> } }
      : {}),
  }));
}

const identity = (t: TupleKey) =>
  `${t.object}#${t.relation}@${t.user}|${t.condition ? JSON.stringify([t.condition.name, sortKeys(t.condition.context ?? {})]) : ''}`;
const sortKeys = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** What to delete and write to go from `current` to `desired` (a changed condition is both). */
export function diffTuples(
  current: readonly TupleKey[],
  desired: readonly TupleKey[],
): { writes: TupleKey[]; deletes: TupleKey[] } {
  const have = new Map(current.map((t) => [identity(t), t]));
  const want = new Map(desired.map((t) => [identity(t), t]));
  return {
    writes: [...want].filter(([k]) => !have.has(k)).map(([, t]) => t),
    deletes: [...have].filter(([k]) => !want.has(k)).map(([, t]) => t),
  };
}
