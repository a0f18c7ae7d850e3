/**
 * The workspace's reads of its store's tuples, to run in its batches: roles' ticked boxes,
 * "Why?"'s existence check, a person's access. The Worker asks through these, never the tuples
 * table itself (tests/unit/worker/tuples-table.test.ts).
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { fromRow, splitObject } from './codec.ts';
import { inIdList } from '../id-list.ts';
import type { TupleKey } from '../../functions/index.ts';
import { authzTuples } from './schema.ts';
import { people } from '../identity/schema.ts';
import type { Db } from '../store.ts';

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

/**
 * A day's passengers (travel_item#passenger) and hotel groups (hotel_stay#limited_to), with people's
 * names: the day sheet's edit forms. Each argument is a value or a sub-select naming one (the
 * sheet's rows are keyed on the session in its batch: worker/touring/day-sheet.ts).
 */
export function dayPassengersAndHotelGroupsQuery(
  db: Db,
  storeId: string | SQL,
  workspaceId: string | SQL,
  dayId: string | SQL,
) {
  return db
    .select({
      objectId: authzTuples.objectId,
      relation: authzTuples.relation,
      userId: authzTuples.userId,
      name: people.name,
    })
    .from(authzTuples)
    .leftJoin(people, and(eq(people.id, authzTuples.userId), eq(people.workspaceId, workspaceId)))
    .where(
      sql`${authzTuples.storeId} = ${storeId} AND ((${authzTuples.objectType} = 'travel_item' AND ${authzTuples.relation} = 'passenger' AND ${authzTuples.objectId} IN (SELECT id FROM travel_items WHERE day_id = ${dayId})) OR (${authzTuples.objectType} = 'hotel_stay' AND ${authzTuples.relation} = 'limited_to' AND ${authzTuples.objectId} IN (SELECT id FROM hotel_stays WHERE day_id = ${dayId})))`,
    );
}

/** Tuples whose USER is one of `objects` (other records pointing at them). */
export function tuplesPointingAt(db: Db, storeId: string, objects: string[]) {
  const byType = groupByType(objects);
  return db
    .select()
    .from(authzTuples)
    .where(
      and(
        eq(authzTuples.storeId, storeId),
        or(...[...byType].map(([type, ids]) => and(eq(authzTuples.userType, type), inIdList(authzTuples.userId, ids)))),
      ),
    );
}

/** Every tuple whose OBJECT is one of `objects` (to delete with them). */
export async function tuplesOfObjects(db: Db, storeId: string, objects: string[]): Promise<TupleKey[]> {
  if (objects.length === 0) return [];
  const byType = groupByType(objects);
  const rows = await db
    .select()
    .from(authzTuples)
    .where(
      and(
        eq(authzTuples.storeId, storeId),
        or(
          ...[...byType].map(([type, ids]) =>
            and(eq(authzTuples.objectType, type), inIdList(authzTuples.objectId, ids)),
          ),
        ),
      ),
    );
  return rows.map(fromRow);
}

function groupByType(objects: string[]): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const o of objects) {
    const { type, id } = splitObject(o);
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  return byType;
}
