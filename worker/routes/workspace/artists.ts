import { createRoute } from '@hono/zod-openapi';
import { errors, ok, routes } from '../declare.ts';
import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { artists } from '../../../db/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Artists'],
  responses: {
    200: ok(
      z.object({
        artists: z.array(z.object({ id: z.string(), name: z.string(), can: z.object({ createEvents: z.boolean() }) })),
      }),
    ),
    ...errors,
  },
});

/** Artists the reader may see (R15: None hides an artist; R2: outlets), and whether they may add show days. */
export const artistRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(list, async (c) => {
  const ids = await c.get('authz').list('artist', 'can_view');
  const rows = ids.length
    ? await c
        .get('store')
        .db.select({ id: artists.id, name: artists.name })
        .from(artists)
        .where(and(eq(artists.workspaceId, c.get('workspace').id), inIdList(artists.id, ids)))
        .orderBy(asc(artists.name))
    : [];
  const create = await c.get('authz').canAll(rows.map((r) => ['can_create_events', `artist:${r.id}`] as const));
  return c.json({ artists: rows.map((r, i) => ({ ...r, can: { createEvents: create[i]! } })) }, 200);
});
