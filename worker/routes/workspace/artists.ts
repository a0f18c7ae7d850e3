import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, routes } from '../declare.ts';
import { z } from 'zod';
import { and, asc, eq, sql } from 'drizzle-orm';
import { artists } from '../../../db/touring/schema.ts';
import { outlets } from '../../../db/identity/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { artistTuples } from '../../../model/tuples.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { activityInsert } from '../../activity/log.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';

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

const Artist = z.object({
  id: z.string(),
  name: z.string(),
  outletId: z.string().nullable(),
  can: z.object({ createEvents: z.boolean() }),
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Artists'],
  request: {
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200),
        /** R2: an artist inside an outlet's administration. */
        outletId: z.string().min(1).max(100).nullable().default(null),
      }),
    ),
  },
  responses: { 201: ok(z.object({ artist: Artist }), 'created'), ...errors },
});

/**
 * Artists the reader may see (R15: None hides an artist; R2: outlets), and whether they may add
 * show days; and a new artist (issue 15: a signed-up workspace starts with none).
 */
export const artistRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
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
  })
  /**
   * R6: adding an artist is workspace configuration, gated by "Edit System Settings" — on the
   * workspace, or (R2) on the outlet the artist goes into, so an outlet administrator adds
   * artists to their own outlet only. The row, its tuples and the log entry are one batch; the
   * new artist is seen by every member until someone's access to it is set (R15).
   */
  .openapi(create, async (c) => {
    const { name, outletId } = c.req.valid('json');
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const person = c.get('person');
    if (outletId) {
      const [outlet] = await db
        .select({ id: outlets.id })
        .from(outlets)
        .where(and(eq(outlets.id, outletId), eq(outlets.workspaceId, workspace.id)));
      if (!outlet) throw new ApiError('not_found', `outlet \`${outletId}\` not found`, { field: 'outletId' });
    }
    const scope = outletId ? `outlet:${outletId}` : `workspace:${workspace.id}`;
    if (!(await c.get('authz').can('edit_system_settings', scope)))
      throw new ApiError(
        'forbidden',
        outletId
          ? 'adding an artist to this outlet needs Edit System Settings there'
          : 'adding an artist needs Edit System Settings',
      );
    const [taken] = await db
      .select({ id: artists.id })
      .from(artists)
      .where(and(eq(artists.workspaceId, workspace.id), sql`lower(${artists.name}) = lower(${name})`));
    if (taken) throw new ApiError('conflict', `an artist named \`${name}\` already exists`, { field: 'name' });
    const now = Date.now();
    const row = { id: newId('art'), workspaceId: workspace.id, name, outletId };
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.insert(artists).values(row),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: person.id,
            action: 'artist_created',
            subject: `artist:${row.id}`,
            after: { name, outletId },
          },
          now,
        ),
      ],
      { writes: artistTuples(workspace.id, row), deletes: [] },
      now,
    );
    const [createEvents] = await c.get('authz').canAll([['can_create_events', `artist:${row.id}`]]);
    return c.json({ artist: { ...row, can: { createEvents: !!createEvents } } }, 201);
  });
