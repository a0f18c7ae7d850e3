/**
 * The workspace's reads of its store's tuples — the Worker's people, roles and "Why?" ask
 * through these, never the tuples table itself (tests/unit/worker/tuples-table.test.ts): a
 * person's or object's current tuples, roles' ticked boxes, a person's access — and the diff
 * every grant change is written as (exactly the tuples that differ, in the batch of its row, R8).
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { TupleKey } from '../../functions/index.ts';
import { authzTuples } from '../schema.ts';
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

/** The permission tuples of every role (`role:R#permission@user:*`), to read in a batch. */
export function rolePermissionsQuery(db: Db, storeId: string) {
  return db
    .select({ roleId: authzTuples.objectId, relation: authzTuples.relation })
    .from(authzTuples)
    .where(
      and(
        eq(authzTuples.storeId, storeId),
        eq(authzTuples.objectType, 'role'),
        eq(authzTuples.userType, 'user'),
        eq(authzTuples.userId, '*'),
      ),
    );
}

/** One row when some tuple of the store names `type:id` as its object or its user (R1: else not found). */
export function namedInStoreQuery(db: Db, storeId: string, type: string, id: string) {
  return db
    .select({ storeId: authzTuples.storeId })
    .from(authzTuples)
    .where(
      and(
        eq(authzTuples.storeId, storeId),
        or(
          and(eq(authzTuples.objectType, type), eq(authzTuples.objectId, id)),
          and(eq(authzTuples.userType, type), eq(authzTuples.userId, id)),
        ),
      ),
    )
    .limit(1);
}

/**
 * The tuples that make up a person's access as "manage people" shows it, to read in one batch:
 * their settings on the workspace, their groups, their artist grants, the shows hidden from them.
 */
export function personAccessQueries(
  db: Db,
  storeId: string,
  workspaceId: string,
  personId: string,
  relations: { settings: string[]; artist: readonly string[] },
) {
  const mine = (objectType: string) =>
    and(
      eq(authzTuples.storeId, storeId),
      eq(authzTuples.userType, 'user'),
      eq(authzTuples.userId, personId),
      eq(authzTuples.userRelation, ''),
      eq(authzTuples.objectType, objectType),
    );
  return {
    settings: db
      .select({ relation: authzTuples.relation })
      .from(authzTuples)
      .where(
        and(
          mine('workspace'),
          eq(authzTuples.objectId, workspaceId),
          inArray(authzTuples.relation, relations.settings),
        ),
      ),
    groups: db
      .select({ groupId: authzTuples.userId })
      .from(authzTuples)
      .where(
        and(
          eq(authzTuples.storeId, storeId),
          eq(authzTuples.objectType, 'user'),
          eq(authzTuples.objectId, personId),
          eq(authzTuples.relation, 'group'),
          eq(authzTuples.userType, 'group'),
        ),
      ),
    artists: db
      .select({ artistId: authzTuples.objectId, relation: authzTuples.relation })
      .from(authzTuples)
      .where(and(mine('artist'), inArray(authzTuples.relation, [...relations.artist]))),
    // R14: the shows switched off for this person
    hidden: db
      .select({ objectId: authzTuples.objectId })
      .from(authzTuples)
      .where(and(mine('event'), eq(authzTuples.relation, 'hidden_from'))),
  };
}
