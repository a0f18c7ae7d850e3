/**
 * The neighbourhood of some check questions (functions/neighbourhood.ts) in ONE SQL statement:
 * two recursive CTEs, `up` (who may stand for the user) and `visited` (the object and its
 * tupleset ancestors), then the tuples the engine needs. Five bound parameters whatever the
 * number of questions (the lists travel as JSON through json_each), so a batch of 100 checks
 * is still one statement under D1's 100-parameter cap.
 *
 * Index use: `up` walks authz_tuples_by_user (store, user type, id, relation), `visited` and
 * the final read walk the primary key (store, object type, id, …).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { NeighbourhoodPlan, NeighbourhoodSeed, TupleKey } from '../../functions/index.ts';
import { neighbourhoodSeeds } from '../../functions/index.ts';
import type { Db } from '../store.ts';
import { fromRow, type TupleRow } from './codec.ts';

type RawRow = Omit<TupleRow, 'conditionContext'> & { conditionContext: string | null };

/**
 * A recursive CTE `name(user_type, user_id, user_relation)`: the seed users, then for every
 * tuple whose user is in it, `object#rel` for each (object type, rel) pair of `pairs` ('' = the
 * object itself). Walks the user-side index.
 */
function userClosure(
  name: 'up' | 'down',
  pairs: 'upward' | 'downward',
  storeId: string,
  seeds: readonly (readonly string[])[],
): SQL {
  const self = sql.raw(name);
  return sql`${self}(user_type, user_id, user_relation) AS (
        SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(${JSON.stringify(seeds)})
        UNION
        SELECT t.object_type, t.object_id, w.rel
        FROM ${self}
        CROSS JOIN authz_tuples t INDEXED BY authz_tuples_by_user ON t.store_id = ${storeId} AND t.user_type = ${self}.user_type AND t.user_id = ${self}.user_id AND t.user_relation = ${self}.user_relation
        CROSS JOIN ${sql.raw(pairs)} w ON w.object_type = t.object_type
      )`;
}

export function neighbourhoodQuery(
  db: Db,
  storeId: string,
  plan: NeighbourhoodPlan,
  questions: readonly NeighbourhoodSeed[],
) {
  const seeds = neighbourhoodSeeds(questions);
  return db.all<RawRow>(sql`
    WITH RECURSIVE
      upward(object_type, rel) AS (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(plan.upward)})),
      tuplesets(object_type, rel) AS (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(plan.tuplesets)})),
      ${userClosure('up', 'upward', storeId, seeds.users)},
      visited(object_type, object_id) AS (
        SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(seeds.objects)})
        UNION
        SELECT t.user_type, t.user_id
        FROM visited v
        CROSS JOIN authz_tuples t ON t.store_id = ${storeId} AND t.object_type = v.object_type AND t.object_id = v.object_id
        CROSS JOIN tuplesets s ON s.object_type = t.object_type AND s.rel = t.relation
      )
    SELECT t.object_type AS objectType, t.object_id AS objectId, t.relation, t.user_type AS userType, t.user_id AS userId, t.user_relation AS userRelation,
           t.condition_name AS conditionName, t.condition_context AS conditionContext, t.expires_at AS expiresAt
    FROM up
    CROSS JOIN authz_tuples t INDEXED BY authz_tuples_by_user ON t.store_id = ${storeId} AND t.user_type = up.user_type AND t.user_id = up.user_id AND t.user_relation = up.user_relation
    WHERE t.object_type IN (SELECT object_type FROM upward)
    UNION
    SELECT t.object_type, t.object_id, t.relation, t.user_type, t.user_id, t.user_relation, t.condition_name, t.condition_context, t.expires_at
    FROM visited v
    CROSS JOIN authz_tuples t ON t.store_id = ${storeId} AND t.object_type = v.object_type AND t.object_id = v.object_id
    WHERE EXISTS (SELECT 1 FROM up WHERE up.user_type = t.user_type AND up.user_id = t.user_id AND up.user_relation = t.user_relation)
       OR EXISTS (SELECT 1 FROM tuplesets s WHERE s.object_type = t.object_type AND s.rel = t.relation)
  `);
}

/**
 * What list objects for `users` can read (functions/neighbourhood.ts, "Listing"): the closure
 * `down` of users reachable from them, then every tuple whose user is in it. Three parameters.
 */
export function listingNeighbourhoodQuery(db: Db, storeId: string, plan: NeighbourhoodPlan, users: readonly string[]) {
  const seeds = neighbourhoodSeeds(users.map((user) => ({ user, object: '' })));
  return db.all<RawRow>(sql`
    WITH RECURSIVE
      downward(object_type, rel) AS (SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(plan.downward)})),
      ${userClosure('down', 'downward', storeId, seeds.users)}
    SELECT t.object_type AS objectType, t.object_id AS objectId, t.relation, t.user_type AS userType, t.user_id AS userId, t.user_relation AS userRelation,
           t.condition_name AS conditionName, t.condition_context AS conditionContext, t.expires_at AS expiresAt
    FROM down
    CROSS JOIN authz_tuples t INDEXED BY authz_tuples_by_user ON t.store_id = ${storeId} AND t.user_type = down.user_type AND t.user_id = down.user_id AND t.user_relation = down.user_relation
  `);
}

/** The rows of neighbourhoodQuery as the engine's tuples. */
export function neighbourhoodTuples(rows: readonly RawRow[]): TupleKey[] {
  return rows.map((row) =>
    fromRow({ ...row, conditionContext: row.conditionContext === null ? null : JSON.parse(row.conditionContext) }),
  );
}
