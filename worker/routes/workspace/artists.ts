import { Hono } from 'hono';
import { and, asc, eq } from 'drizzle-orm';
import { artists } from '../../../db/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { workspaceSession, type WorkspaceEnv } from '../../workspace/context.ts';

/** Artists the reader may see (R15: None hides an artist; R2: outlets). */
export const artistRoutes = new Hono<WorkspaceEnv>().use('*', ...workspaceSession()).get('/', async (c) => {
  const ids = await c.get('authz').list('artist', 'can_view');
  const rows = ids.length
    ? await c
        .get('store')
        .db.select({ id: artists.id, name: artists.name })
        .from(artists)
        .where(and(eq(artists.workspaceId, c.get('workspace').id), inIdList(artists.id, ids)))
        .orderBy(asc(artists.name))
    : [];
  return c.json({ artists: rows });
});
