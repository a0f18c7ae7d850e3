import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { people, groups } from '../../../db/identity/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { readTogether } from '../../../db/store.ts';
import { groupTuples, membershipTuples } from '../../../model/tuples.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { actorOf, whoFor, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { assertGroup, assertManages, requireReach } from '../../people/escalation.ts';
import { findPerson, publicView } from '../../people/facts.ts';
import { readTuples } from '../../../db/authz/workspace-tuples.ts';

const GroupBody = z.object({ name: z.string().trim().min(1).max(100) });
const Members = z.object({ personIds: z.array(z.string().min(1).max(100)).min(1).max(500) });

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const GroupGetByIdMembers200 = z.object({
  group: z.object({ id: z.string(), name: z.string() }),
  members: z.array(z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), email: z.string() })),
});
const GroupGet200 = z.object({
  groups: z.array(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() })),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Groups'],
  responses: { 200: ok(GroupGet200), ...errors },
});
const getByIdMembers = createRoute({
  method: 'get',
  path: '/{id}/members',
  tags: ['Groups'],
  request: { params: pathParams('id') },
  responses: { 200: ok(GroupGetByIdMembers200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Groups'],
  request: { body: json(GroupBody) },
  responses: { 201: ok(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() })), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Groups'],
  request: { params: pathParams('id'), body: json(GroupBody) },
  responses: { 200: ok(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() })), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Groups'],
  request: { params: pathParams('id') },
  responses: { 204: other('done'), ...errors },
});
const postByIdMembers = createRoute({
  method: 'post',
  path: '/{id}/members',
  tags: ['Groups'],
  request: { params: pathParams('id'), body: json(Members) },
  responses: { 200: ok(z.object({ added: z.array(z.string()) })), ...errors },
});
const removeByIdMembersByPersonId = createRoute({
  method: 'delete',
  path: '/{id}/members/{personId}',
  tags: ['Groups'],
  request: { params: pathParams('id', 'personId') },
  responses: { 204: other('done'), ...errors },
});

/**
 * User groups (R20): who sees whom, and batches of people to pick at once. Membership is
 * written both ways (`group#member` and `user#group`) in one batch; the Default group, where
 * every new person lands, cannot be deleted.
 */
export const groupRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const rows = await c
      .get('store')
      .db.select()
      .from(groups)
      .where(eq(groups.workspaceId, c.get('workspace').id))
      .orderBy(groups.name);
    return c.json({ groups: rows.map((g) => ({ id: g.id, name: g.name, isDefault: g.isDefault })) }, 200);
  })
  /** Batch selection: the members the reader may see, to include all at once. */
  .openapi(getByIdMembers, async (c) => {
    const id = c.req.param('id');
    const workspace = c.get('workspace');
    const store = c.get('store');
    const { db } = store;
    // the members from the engine's store (memory), then the group and the people in one round trip
    // an id the engine cannot even name (`a#b`, `x:y`, …) is no group of this workspace
    if (!/^[\w-]{1,100}$/.test(id)) throw new ApiError('not_found', `group \`${id}\` not found`);
    const memberIds = (await whoFor(c).direct(`group:${id}`, 'member'))
      .filter((u) => u.startsWith('user:') && !u.includes('#'))
      .map((u) => u.slice('user:'.length));
    const visible = new Set(await c.get('authz').list('user', 'can_view'));
    const ids = memberIds.filter((m) => visible.has(m) || m === c.get('person').id);
    const [[group], rows] = await readTogether(store, [
      db
        .select()
        .from(groups)
        .where(and(eq(groups.id, id), eq(groups.workspaceId, workspace.id))),
      db
        .select()
        .from(people)
        .where(and(eq(people.workspaceId, workspace.id), inIdList(people.id, ids)))
        .orderBy(people.name),
    ]);
    if (!group) throw new ApiError('not_found', `group \`${id}\` not found`);
    return c.json({ group: { id: group.id, name: group.name }, members: rows.map(publicView) }, 200);
  })
  .openapi(create, async (c) => {
    const { name } = c.req.valid('json');
    const actor = actorOf(c);
    await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    await assertNameFree(c, name);
    const now = Date.now();
    const row = { id: newId('grp'), workspaceId: workspace.id, name, isDefault: false };
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.insert(groups).values(row),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'group_created',
            subject: `group:${row.id}`,
            after: { name },
          },
          now,
        ),
      ],
      { writes: groupTuples(workspace.id, row.id), deletes: [] },
      now,
    );
    return c.json({ id: row.id, name, isDefault: false }, 201);
  })
  .openapi(patchById, async (c) => {
    const { name } = c.req.valid('json');
    const actor = actorOf(c);
    await requireReach(actor);
    const group = await findGroup(c, c.req.param('id'));
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    if (name !== group.name) await assertNameFree(c, name);
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.update(groups).set({ name }).where(eq(groups.id, group.id)),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'group_renamed',
            subject: `group:${group.id}`,
            before: { name: group.name },
            after: { name },
          },
          now,
        ),
      ],
      { writes: [], deletes: [] },
      now,
    );
    return c.json({ id: group.id, name, isDefault: group.isDefault }, 200);
  })
  .openapi(removeById, async (c) => {
    const actor = actorOf(c);
    await requireReach(actor);
    const group = await findGroup(c, c.req.param('id'));
    if (group.isDefault)
      throw new ApiError('conflict', 'the Default group cannot be deleted: every new person lands in it');
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const members = (await readTuples(db, workspace.storeId, `group:${group.id}`, ['member'])).map((t) =>
      t.user.slice('user:'.length),
    );
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.delete(groups).where(eq(groups.id, group.id)),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'group_deleted',
            subject: `group:${group.id}`,
            before: { name: group.name, members },
          },
          now,
        ),
      ],
      {
        writes: [],
        deletes: [...groupTuples(workspace.id, group.id), ...members.flatMap((m) => membershipTuples(group.id, m))],
      },
      now,
    );
    return c.body(null, 204);
  })
  .openapi(postByIdMembers, async (c) => {
    const { personIds } = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const group = await findGroup(c, c.req.param('id'));
    await assertGroup(actor, group.id);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const current = new Set(
      (await readTuples(db, workspace.storeId, `group:${group.id}`, ['member'])).map((t) =>
        t.user.slice('user:'.length),
      ),
    );
    const added: string[] = [];
    for (const id of new Set(personIds)) {
      assertManages(actor, reach, await findPerson(db, workspace.id, id));
      if (!current.has(id)) added.push(id);
    }
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      added.map((id) =>
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'group_member_added',
            subject: `person:${id}`,
            after: { groupId: group.id, groupName: group.name },
          },
          now,
        ),
      ),
      { writes: added.flatMap((id) => membershipTuples(group.id, id)), deletes: [] },
      now,
    );
    return c.json({ added }, 200);
  })
  .openapi(removeByIdMembersByPersonId, async (c) => {
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const group = await findGroup(c, c.req.param('id'));
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('personId'));
    assertManages(actor, reach, target);
    const isMember =
      (await readTuples(db, workspace.storeId, `group:${group.id}`, ['member'], `user:${target.id}`)).length > 0;
    if (!isMember) throw new ApiError('not_found', `person \`${target.id}\` is not in group \`${group.name}\``);
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'group_member_removed',
            subject: `person:${target.id}`,
            before: { groupId: group.id, groupName: group.name },
          },
          now,
        ),
      ],
      { writes: [], deletes: membershipTuples(group.id, target.id) },
      now,
    );
    return c.body(null, 204);
  });

async function findGroup(c: Context<WorkspaceEnv>, id: string) {
  const [row] = await c
    .get('store')
    .db.select()
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.workspaceId, c.get('workspace').id)));
  if (!row) throw new ApiError('not_found', `group \`${id}\` not found`);
  return row;
}

async function assertNameFree(c: Context<WorkspaceEnv>, name: string): Promise<void> {
  const [clash] = await c
    .get('store')
    .db.select({ id: groups.id })
    .from(groups)
    .where(and(eq(groups.workspaceId, c.get('workspace').id), eq(groups.name, name)));
  if (clash) throw new ApiError('conflict', `a group named \`${name}\` already exists`);
}
