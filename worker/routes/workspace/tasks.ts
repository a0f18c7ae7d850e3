import { createRoute } from '@hono/zod-openapi';
import { errors, IsoDate, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { tasks, TASK_STATUSES } from '../../../db/collaboration/schema.ts';
import { taskTuples } from '../../../model/collab-tuples.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { freshAuthz, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { assignee, creator, namesOf, readTasks, taskView } from '../../collaboration/tasks.ts';
import { isPersonOf, peopleNames } from '../../collaboration/people-names.ts';
import type { RelationOf } from '../../../model/relations.ts';

const NewTask = z.strictObject({
  title: z.string().trim().min(1).max(200),
  notes: z.string().trim().max(5000).optional(),
  assigneeId: z.string().min(1).max(100).nullable().optional(),
  dueDate: IsoDate.optional(),
  status: z.enum(TASK_STATUSES).default('open'),
});
const TaskPatch = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    notes: z.string().trim().max(5000).nullable().optional(),
    assigneeId: z.string().min(1).max(100).nullable().optional(),
    dueDate: IsoDate.nullable().optional(),
    status: z.enum(TASK_STATUSES).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const TaskPatchById200 = z.object({
  task: z.object({
    status: z.enum(['open', 'in_progress', 'done']),
    createdAt: z.number(),
    can: z.object({ edit: z.boolean() }),
    dueDate: z.string().optional(),
    createdBy: z.object({ id: z.string(), name: z.string() }),
    assignee: z.object({ id: z.string(), name: z.string() }).optional(),
    notes: z.string().optional(),
    id: z.string(),
    title: z.string(),
  }),
});
const TaskGet200 = z.object({
  tasks: z.array(
    z.object({
      status: z.enum(['open', 'in_progress', 'done']),
      createdAt: z.number(),
      can: z.object({ edit: z.boolean() }),
      dueDate: z.string().optional(),
      createdBy: z.object({ id: z.string(), name: z.string() }),
      assignee: z.object({ id: z.string(), name: z.string() }).optional(),
      notes: z.string().optional(),
      id: z.string(),
      title: z.string(),
    }),
  ),
});

/** R20: a task is assigned only to a person of the workspace whom the assigner may see. */
async function checkAssignee(c: Context<WorkspaceEnv>, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const known = await isPersonOf(c.get('store').db, c.get('workspace').id, assigneeId);
  if (!known || !(await c.get('authz').can('can_view', `user:${assigneeId}`))) {
    throw new ApiError('validation_error', `field \`assigneeId\`: \`${assigneeId}\` is not a person you work with`, {
      field: 'assigneeId',
    });
  }
}

async function findTask(c: Context<WorkspaceEnv>, relation: RelationOf<'task'>) {
  const id = c.req.param('id')!;
  const workspaceId = c.get('workspace').id;
  // the task and its people's names in one statement
  const found = await c
    .get('store')
    .db.select({ task: tasks, assigneeName: assignee.name, creatorName: creator.name })
    .from(tasks)
    .leftJoin(assignee, and(eq(assignee.id, tasks.assigneeId), eq(assignee.workspaceId, workspaceId)))
    .leftJoin(creator, and(eq(creator.id, tasks.createdBy), eq(creator.workspaceId, workspaceId)))
    .where(and(eq(tasks.id, id), eq(tasks.workspaceId, workspaceId)));
  const row = found[0]?.task;
  if (!row) throw new ApiError('not_found', `task \`${id}\` not found`);
  await requireOn(c.get('authz'), `task:${id}`, relation, `task \`${id}\``, 'you may change only tasks you created');
  return { row, names: namesOf(found) };
}

async function respond(
  c: Context<WorkspaceEnv>,
  row: typeof tasks.$inferSelect,
  status: 200 | 201 = 200,
  known?: Map<string, string>,
) {
  const [names, canEdit] = await Promise.all([
    known ?? peopleNames(c.get('store').db, row.workspaceId, [row.assigneeId, row.createdBy]),
    (c.req.method === 'GET' ? c.get('authz') : freshAuthz(c)).can('can_edit', `task:${row.id}`),
  ]);
  return c.json({ task: taskView(row, names, canEdit) }, status);
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Tasks'],
  request: { query: z.object({ status: z.enum(TASK_STATUSES).optional() }) },
  responses: { 200: ok(TaskGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Tasks'],
  request: { body: json(NewTask) },
  responses: { 200: ok(TaskPatchById200), 201: ok(TaskPatchById200), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Tasks'],
  request: { params: pathParams('id') },
  responses: { 200: ok(TaskPatchById200), 201: ok(TaskPatchById200), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Tasks'],
  request: { params: pathParams('id'), body: json(TaskPatch) },
  responses: { 200: ok(TaskPatchById200), 201: ok(TaskPatchById200), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Tasks'],
  request: { params: pathParams('id') },
  responses: { 204: other('done'), ...errors },
});

/**
 * Tasks (R18): the list is what the engine lets the reader see (own; own + unassigned; all);
 * anyone may create one, read-only people too (R13); only the creator — or an administrator —
 * edits or deletes it.
 */
export const taskRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const { status } = c.req.valid('query');
    return c.json(
      { tasks: await readTasks(c.get('store').db, c.get('authz'), c.get('workspace').id, { status }) },
      200,
    );
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    await checkAssignee(c, body.assigneeId);
    const workspace = c.get('workspace');
    const row = {
      id: newId('tsk'),
      workspaceId: workspace.id,
      title: body.title,
      notes: body.notes ?? null,
      assigneeId: body.assigneeId ?? null,
      createdBy: c.get('person').id,
      dueDate: body.dueDate ?? null,
      status: body.status,
      createdAt: Date.now(),
    };
    const store = c.get('store');
    await writeWithTuples(store, workspace.storeId, [store.db.insert(tasks).values(row)], {
      writes: taskTuples(workspace.id, row),
      deletes: [],
    });
    return respond(c, row, 201);
  })
  .openapi(getById, async (c) => {
    const { row, names } = await findTask(c, 'can_view');
    return respond(c, row, 200, names);
  })
  .openapi(patchById, async (c) => {
    const patch = c.req.valid('json');
    const { row } = await findTask(c, 'can_edit');
    if (patch.assigneeId !== undefined && patch.assigneeId !== row.assigneeId) await checkAssignee(c, patch.assigneeId);
    const next = {
      ...row,
      ...patch,
      notes: patch.notes === undefined ? row.notes : patch.notes,
      assigneeId: patch.assigneeId === undefined ? row.assigneeId : patch.assigneeId,
      dueDate: patch.dueDate === undefined ? row.dueDate : patch.dueDate,
    };
    const store = c.get('store');
    const workspaceId = c.get('workspace').id;
    const moved = next.assigneeId !== row.assigneeId;
    await writeWithTuples(
      store,
      c.get('workspace').storeId,
      [
        store.db
          .update(tasks)
          .set({
            title: next.title,
            notes: next.notes,
            assigneeId: next.assigneeId,
            dueDate: next.dueDate,
            status: next.status,
          })
          .where(eq(tasks.id, row.id)),
      ],
      moved
        ? { writes: taskTuples(workspaceId, next).slice(1, 2), deletes: taskTuples(workspaceId, row).slice(1, 2) }
        : { writes: [], deletes: [] },
    );
    return respond(c, next);
  })
  .openapi(removeById, async (c) => {
    const { row } = await findTask(c, 'can_edit');
    const store = c.get('store');
    await writeWithTuples(store, c.get('workspace').storeId, [store.db.delete(tasks).where(eq(tasks.id, row.id))], {
      writes: [],
      deletes: taskTuples(row.workspaceId, row),
    });
    return c.body(null, 204);
  });
