import { Hono } from 'hono';
import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { authzTuples, people } from '../../../db/schema.ts';
import { readTogether } from '../../../db/store.ts';
import { ApiError } from '../../errors.ts';
import { validate } from '../../middleware/json-body.ts';
import { workspaceSession, type WorkspaceEnv } from '../../workspace/context.ts';

const WhyQuery = z.object({
  person: z.string().min(1).max(100),
  relation: z.string().regex(/^[a-z_]{1,50}$/, 'a relation name such as `can_view`'),
  object: z.string().regex(/^[a-z_]{1,50}:[\w-]{1,100}$/, 'an object such as `show_day:day_berlin_1`'),
});

/**
 * "Why?" for admins: the engine's explanation of one decision for one person — for an allow
 * the chain of tuples and rules that granted it, for a deny every rule tried and what each
 * lacked. Typed data; the UI puts it in plain words. Needs `can_manage_people` (R9).
 */
export const whyRoutes = new Hono<WorkspaceEnv>().use('*', ...workspaceSession()).get('/', async (c) => {
  const query = validate(WhyQuery, c.req.query());
  const workspace = c.get('workspace');
  const authz = c.get('authz');
  if (!(await authz.can('can_manage_people', `workspace:${workspace.id}`)))
    throw new ApiError('forbidden', '"Why?" needs the permission to manage people');
  // R1: an object no tuple of this workspace's store names (another workspace's, or none at all) is not found.
  const [type, id] = query.object.split(':') as [string, string];
  const store = c.get('store');
  // the person and the object's existence in one round trip
  const [[person], [named]] = await readTogether(store, [
    store.db
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(and(eq(people.id, query.person), eq(people.workspaceId, workspace.id))),
    store.db
      .select({ storeId: authzTuples.storeId })
      .from(authzTuples)
      .where(
        and(
          eq(authzTuples.storeId, workspace.storeId),
          or(
            and(eq(authzTuples.objectType, type), eq(authzTuples.objectId, id)),
            and(eq(authzTuples.userType, type), eq(authzTuples.userId, id)),
          ),
        ),
      )
      .limit(1),
  ]);
  if (!person) throw new ApiError('not_found', `person \`${query.person}\` not found`, { field: 'person' });
  if (!named) throw new ApiError('not_found', `\`${query.object}\` not found`, { field: 'object' });
  const explanation = await authz.explain(query.relation, query.object, person.id);
  return c.json({ person, relation: query.relation, object: query.object, ...explanation });
});
