import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { showDays, events, EVENT_STATUSES } from '../../../db/touring/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { ApiError } from '../../errors.ts';
import { workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { mayDeleteEvent, refuseIfReferenced } from '../../touring/day-removal.ts';
import { tuplesOfObjects } from '../../../db/authz/workspace-reads.ts';

const EventPatch = z
  .object({ title: z.string().trim().min(1).max(200).optional(), status: z.enum(EVENT_STATUSES).optional() })
  .refine((p) => p.title !== undefined || p.status !== undefined, 'send `title` or `status`');

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const EventPatchById200 = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['tentative', 'confirmed']),
  kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
});
const EventGet200 = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      dayId: z.string(),
      date: z.string(),
      title: z.string(),
      kind: z.enum(['performance', 'festival', 'special', 'travel', 'hold', 'rehearsal']),
      status: z.enum(['tentative', 'confirmed']),
    }),
  ),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Events'],
  responses: { 200: ok(EventGet200), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Events'],
  request: { params: pathParams('id'), body: json(EventPatch) },
  responses: { 200: ok(EventPatchById200), ...errors },
});

const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Events'],
  request: { params: pathParams('id') },
  responses: { 204: other('deleted'), ...errors },
});

/**
 * The workspace's event `id` for a change (R13): 404 when it is not the workspace's or the reader
 * does not see it (no probing, R1), 403 when they see it but may not edit it.
 */
async function editableEvent(c: Context<WorkspaceEnv>, id: string, verb: 'edit' | 'delete') {
  const [row] = await c
    .get('store')
    .db.select()
    .from(events)
    .where(and(eq(events.id, id), eq(events.workspaceId, c.get('workspace').id)));
  if (!row) throw new ApiError('not_found', `event \`${id}\` not found`);
  await requireOn(c.get('authz'), `event:${id}`, 'can_edit', `event \`${id}\``, `you may not ${verb} this event`);
  return row;
}

/**
 * Events the reader may see (R12, R14, R15, R17, R19), and editing one (R13: read-only people
 * edit nothing, standard people only events they created; R15 Read Only forbids edits).
 */
export const eventRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const ids = await c.get('authz').list('event', 'can_view');
    const rows = ids.length
      ? await c
          .get('store')
          .db.select({
            id: events.id,
            dayId: events.dayId,
            date: showDays.date,
            title: events.title,
            kind: events.kind,
            status: events.status,
          })
          .from(events)
          .innerJoin(showDays, eq(showDays.id, events.dayId))
          .where(and(eq(events.workspaceId, c.get('workspace').id), inIdList(events.id, ids)))
          .orderBy(asc(showDays.date), asc(events.id))
      : [];
    return c.json({ events: rows }, 200);
  })
  .openapi(patchById, async (c) => {
    const patch = c.req.valid('json');
    const id = c.req.param('id');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const row = await editableEvent(c, id, 'edit');
    const confirmed = { object: `event:${id}`, relation: 'confirmed', user: 'user:*' };
    const status = patch.status ?? row.status;
    const tuples =
      status === row.status
        ? { writes: [], deletes: [] }
        : status === 'confirmed'
          ? { writes: [confirmed], deletes: [] }
          : { writes: [], deletes: [confirmed] };
    const after = { title: patch.title ?? row.title, status };
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        store.db.update(events).set(after).where(eq(events.id, id)),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'event_changed',
            subject: `event:${id}`,
            before: { title: row.title, status: row.status },
            after,
          },
          Date.now(),
        ),
      ],
      tuples,
    );
    return c.json({ id, title: patch.title ?? row.title, status, kind: row.kind }, 200);
  })
  /**
   * Delete an event (R13: whoever may edit it), with its tuples and log entry in one batch. The
   * day's only event is not deleted on its own (409: delete the day), so no day is left that
   * nobody can see; ticketing, a mailing list or event-level roles on it are a 409 too.
   */
  .openapi(removeById, async (c) => {
    const id = c.req.param('id');
    const store = c.get('store');
    const workspace = c.get('workspace');
    const row = await editableEvent(c, id, 'delete');
    const siblings = await store.db.select({ id: events.id }).from(events).where(eq(events.dayId, row.dayId));
    if (!mayDeleteEvent(true, siblings.length))
      throw new ApiError('conflict', 'this is the only event of its day: delete the show day instead');
    await refuseIfReferenced(store, workspace.storeId, [id], [`event:${id}`], [`show_day:${row.dayId}`]);
    const tuples = await tuplesOfObjects(store.db, workspace.storeId, [`event:${id}`]);
    const onDay = { object: `show_day:${row.dayId}`, relation: 'event', user: `event:${id}` };
    await writeWithTuples(
      store,
      workspace.storeId,
      [
        store.db.delete(events).where(eq(events.id, id)),
        activityInsert(
          store.db,
          {
            workspaceId: workspace.id,
            actorId: c.get('person').id,
            action: 'event_deleted',
            subject: `event:${id}`,
            before: { title: row.title, kind: row.kind, status: row.status, dayId: row.dayId },
            after: null,
          },
          Date.now(),
        ),
      ],
      { writes: [], deletes: [...tuples, onDay] },
    );
    return c.body(null, 204);
  });
