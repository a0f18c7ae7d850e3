import { createRoute } from '@hono/zod-openapi';
import { errors, ok, routes } from '../declare.ts';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { people } from '../../../db/identity/schema.ts';
import { namedInStoreQuery } from '../../../db/authz/workspace-reads.ts';
import { readTogether } from '../../../db/store.ts';
import { ApiError } from '../../errors.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';

const WhyQuery = z.object({
  person: z.string().min(1).max(100),
  relation: z.string().regex(/^[a-z_]{1,50}$/, 'a relation name such as `can_view`'),
  object: z.string().regex(/^[a-z_]{1,50}:[\w-]{1,100}$/, 'an object such as `show_day:day_berlin_1`'),
});

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const WhyGet200 = z.object({
  person: z.object({ id: z.string(), name: z.string() }),
  relation: z.string(),
  object: z.string(),
  allowed: z.boolean(),
  error: z.object({ code: z.number(), name: z.string(), message: z.string() }).optional(),
  /** The engine's proof of an allow, or every rule tried for a deny (functions/: Explanation). */
  root: z.unknown().optional(),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Why'],
  request: { query: WhyQuery },
  responses: { 200: ok(WhyGet200), ...errors },
});

/**
 * "Why?" for admins: the engine's explanation of one decision for one person — for an allow
 * the chain of tuples and rules that granted it, for a deny every rule tried and what each
 * lacked. Typed data; the UI puts it in plain words. Needs `can_manage_people` (R9).
 */
export const whyRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(list, async (c) => {
  const query = c.req.valid('query');
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
    namedInStoreQuery(store.db, workspace.storeId, type, id),
  ]);
  if (!person) throw new ApiError('not_found', `person \`${query.person}\` not found`, { field: 'person' });
  if (!named) throw new ApiError('not_found', `\`${query.object}\` not found`, { field: 'object' });
  const explanation = await authz.explain(query.relation, query.object, person.id);
  return c.json({ person, relation: query.relation, object: query.object, ...explanation }, 200);
});
