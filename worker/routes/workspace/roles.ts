import { createRoute } from '@hono/zod-openapi';
import { conflict, errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roleAssignments, roles, SCOPE_TYPES, invitations } from '../../../db/identity/schema.ts';
import { PERMISSION_KEYS, type PermissionKey } from '../../../model/catalogue.ts';
import { assignmentTuples, roleTuples, rolePermissionTuples } from '../../../model/tuples.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { readTogether, type Db } from '../../../db/store.ts';
import { actorOf, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { assertHolds, assertManages, requireReach } from '../../people/escalation.ts';
import { findPerson } from '../../people/facts.ts';
import {
  findRole,
  holderCounts,
  holdersOf,
  permissionsByRole,
  requireScope,
  roleView,
  rolePermissions,
} from '../../people/roles.ts';
import { afterCompareAndSet, etagOf, writeIfCurrent } from '../../records/revision.ts';
import { conflictWith } from './conflict.ts';
import { diffTuples } from '../../../db/authz/workspace-tuples.ts';
import { rolePermissionsQuery } from '../../../db/authz/workspace-reads.ts';

const Permissions = z.array(z.enum(PERMISSION_KEYS as [PermissionKey, ...PermissionKey[]])).max(PERMISSION_KEYS.length);
const RoleCreate = z.object({ name: z.string().trim().min(1).max(100), permissions: Permissions });
const RolePatch = z
  .object({ name: z.string().trim().min(1).max(100).optional(), permissions: Permissions.optional() })
  .refine((p) => p.name !== undefined || p.permissions !== undefined, 'send `name` or `permissions`');
const Assignment = z.object({
  personId: z.string().min(1).max(100),
  scopeType: z.enum(SCOPE_TYPES),
  scopeId: z.string().min(1).max(100),
});

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const RolePostByIdAssignments201 = z.object({
  id: z.string(),
  roleId: z.string(),
  personId: z.string(),
  scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
  scopeId: z.string(),
});
const RoleView = z.object({
  id: z.string(),
  name: z.string(),
  predefined: z.string().nullable(),
  revision: z.number(),
  permissions: z.array(z.string()),
  collaboration: z.enum(['collaborator', 'view_only']),
});
const RoleGetById200 = z.object({
  holders: z.array(z.object({ id: z.string(), name: z.string() })),
  id: z.string(),
  name: z.string(),
  predefined: z.string().nullable(),
  revision: z.number(),
  permissions: z.array(z.string()),
  collaboration: z.enum(['collaborator', 'view_only']),
});
const RoleGet200 = z.object({
  roles: z.array(
    z.object({
      holders: z.number(),
      id: z.string(),
      name: z.string(),
      predefined: z.string().nullable(),
      revision: z.number(),
      permissions: z.array(z.string()),
      collaboration: z.enum(['collaborator', 'view_only']),
    }),
  ),
});

const list = createRoute({ method: 'get', path: '/', tags: ['Roles'], responses: { 200: ok(RoleGet200), ...errors } });
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Roles'],
  request: { params: pathParams('id') },
  responses: { 200: ok(RoleGetById200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Roles'],
  request: { body: json(RoleCreate) },
  responses: { 201: ok(RoleView), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Roles'],
  request: { params: pathParams('id'), body: json(RolePatch) },
  responses: { 200: ok(RoleView), ...errors, 409: conflict(RoleView) },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Roles'],
  request: { params: pathParams('id') },
  responses: { 204: other('done'), ...errors },
});
const postByIdAssignments = createRoute({
  method: 'post',
  path: '/{id}/assignments',
  tags: ['Roles'],
  request: { params: pathParams('id'), body: json(Assignment) },
  responses: { 201: ok(RolePostByIdAssignments201), ...errors },
});
const removeByIdAssignmentsByAssignmentId = createRoute({
  method: 'delete',
  path: '/{id}/assignments/{assignmentId}',
  tags: ['Roles'],
  request: { params: pathParams('id', 'assignmentId') },
  responses: { 204: other('done'), ...errors },
});

/**
 * Roles (R10–R12): predefined and custom permission sets. Nobody puts into a role, or hands
 * out, a permission they do not hold (R9); edits are optimistic (ETag / If-Match → 409 with
 * the current state); a role still held is never deleted (409 naming its holders).
 */
export const roleRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    await requireReach(actorOf(c));
    const store = c.get('store');
    const { db } = store;
    const workspace = c.get('workspace');
    // one round trip: the roles, their permission tuples, their holder counts
    const [rows, permRows, countRows] = await readTogether(store, [
      db.select().from(roles).where(eq(roles.workspaceId, workspace.id)).orderBy(roles.name),
      rolePermissionsQuery(db, workspace.storeId),
      holderCounts(db, workspace.id),
    ]);
    const perms = permissionsByRole(permRows);
    const counts = new Map(countRows.map((r) => [r.roleId, Number(r.holders)]));
    return c.json(
      {
        roles: rows.map((r) => ({ ...roleView(r, perms.get(r.id) ?? []), holders: counts.get(r.id) ?? 0 })),
      },
      200,
    );
  })
  .openapi(getById, async (c) => {
    await requireReach(actorOf(c));
    const store = c.get('store');
    const { db } = store;
    const workspace = c.get('workspace');
    const id = c.req.param('id');
    // one round trip: the role, the permission tuples, its holders
    const [[role], permRows, holders] = await readTogether(store, [
      db
        .select()
        .from(roles)
        .where(and(eq(roles.id, id), eq(roles.workspaceId, workspace.id))),
      rolePermissionsQuery(db, workspace.storeId),
      holdersOf(db, id),
    ]);
    if (!role) throw new ApiError('not_found', `role \`${id}\` not found`);
    const perms = permissionsByRole(permRows).get(role.id) ?? [];
    c.header('ETag', etagOf(role.revision));
    return c.json({ ...roleView(role, perms), holders }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const permissions = [...new Set(body.permissions)];
    await assertHolds(actor.authz, permissions, `workspace:${workspace.id}`);
    await assertNameFree(db, workspace.id, body.name);
    const now = Date.now();
    const role = {
      id: newId('role'),
      workspaceId: workspace.id,
      name: body.name,
      predefined: null,
      revision: 1,
      createdAt: now,
    };
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.insert(roles).values(role),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'role_created',
            subject: `role:${role.id}`,
            after: { name: role.name, permissions },
          },
          now,
        ),
      ],
      { writes: roleTuples(workspace.id, role.id, permissions), deletes: [] },
      now,
    );
    c.header('ETag', etagOf(role.revision));
    return c.json(roleView(role, permissions), 201);
  })
  .openapi(patchById, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const role = await findRole(db, workspace.id, c.req.param('id'));
    const current = (await rolePermissions(db, workspace.storeId)).get(role.id) ?? [];
    if (actor.level !== 'master') {
      const [held] = await db
        .select({ id: roleAssignments.id })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.roleId, role.id), eq(roleAssignments.personId, actor.id)))
        .limit(1);
      if (held)
        throw new ApiError('forbidden', 'you hold this role: nobody but a master user changes their own access');
    }
    const next = body.permissions ? [...new Set(body.permissions)] : current;
    const change = diffTuples(rolePermissionTuples(role.id, current), rolePermissionTuples(role.id, next));
    await assertHolds(
      actor.authz,
      next.filter((p) => !current.includes(p)),
      `workspace:${workspace.id}`,
    );
    if (body.name && body.name !== role.name) await assertNameFree(db, workspace.id, body.name);
    const now = Date.now();
    const name = body.name ?? role.name;
    // Compare-and-set on the revision this request read (worker/records/revision.ts).
    const lost = await writeIfCurrent(
      c.req.header('if-match'),
      role.revision,
      () =>
        writeWithTuples(
          c.get('store'),
          workspace.storeId,
          [
            db
              .update(roles)
              .set({ name, revision: sql`${roles.revision} + 1` })
              .where(and(eq(roles.id, role.id), eq(roles.revision, role.revision))),
            activityInsert(
              db,
              {
                workspaceId: afterCompareAndSet(roles, role.id),
                actorId: actor.id,
                action: 'role_changed',
                subject: `role:${role.id}`,
                before: { name: role.name, permissions: [...current].sort() },
                after: { name, permissions: [...next].sort() },
              },
              now,
            ),
          ],
          change,
          now,
        ),
      async () => {
        const fresh = await findRole(db, workspace.id, role.id);
        return conflictWith(
          c,
          'this role',
          fresh.revision,
          roleView(fresh, (await rolePermissions(db, workspace.storeId)).get(role.id) ?? []),
        );
      },
    );
    if (lost) return lost;
    const updated = { ...role, name, revision: role.revision + 1 };
    c.header('ETag', etagOf(updated.revision));
    return c.json(roleView(updated, next), 200);
  })
  .openapi(removeById, async (c) => {
    const actor = actorOf(c);
    await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const role = await findRole(db, workspace.id, c.req.param('id'));
    const holders = await holdersOf(db, role.id);
    const heldBy = holders.map((h) => h.name).join(', ');
    // R10: both refusals name who holds the role, so the admin knows whom it concerns.
    if (role.predefined)
      throw new ApiError(
        'conflict',
        holders.length
          ? `\`${role.name}\` is a predefined role, held by ${heldBy}: rename or edit it instead`
          : `\`${role.name}\` is a predefined role: rename or edit it instead`,
      );
    if (holders.length) {
      throw new ApiError('conflict', `role \`${role.name}\` is still held by ${heldBy}: give them another role first`);
    }
    const pending = await db
      .select({ email: invitations.email })
      .from(invitations)
      .where(
        and(
          eq(invitations.workspaceId, workspace.id),
          sql`json_extract(${invitations.grants}, '$.role.roleId') = ${role.id}`,
          sql`${invitations.acceptedAt} IS NULL AND ${invitations.revokedAt} IS NULL`,
        ),
      );
    if (pending.length)
      throw new ApiError(
        'conflict',
        `role \`${role.name}\` is offered by ${pending.length} pending invitation(s): revoke them first`,
      );
    const permissions = (await rolePermissions(db, workspace.storeId)).get(role.id) ?? [];
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.delete(roles).where(eq(roles.id, role.id)),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'role_deleted',
            subject: `role:${role.id}`,
            before: { name: role.name, permissions },
          },
          now,
        ),
      ],
      { writes: [], deletes: roleTuples(workspace.id, role.id, permissions) },
      now,
    );
    return c.body(null, 204);
  })
  /** R12: a person holds a role at a scope; the granter must hold all of it there (R9). */
  .openapi(postByIdAssignments, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const role = await findRole(db, workspace.id, c.req.param('id'));
    const target = await findPerson(db, workspace.id, body.personId);
    assertManages(actor, reach, target);
    await requireScope(db, workspace.id, body.scopeType, body.scopeId);
    const permissions = (await rolePermissions(db, workspace.storeId)).get(role.id) ?? [];
    await assertHolds(actor.authz, permissions, `${body.scopeType}:${body.scopeId}`);
    const now = Date.now();
    const row = {
      id: newId('as'),
      workspaceId: workspace.id,
      roleId: role.id,
      personId: target.id,
      scopeType: body.scopeType,
      scopeId: body.scopeId,
      createdAt: now,
    };
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.insert(roleAssignments).values(row),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'role_assigned',
            subject: `person:${target.id}`,
            after: {
              assignmentId: row.id,
              roleId: role.id,
              roleName: role.name,
              scopeType: row.scopeType,
              scopeId: row.scopeId,
            },
          },
          now,
        ),
      ],
      { writes: assignmentTuples(workspace.id, row), deletes: [] },
      now,
    );
    return c.json(
      { id: row.id, roleId: role.id, personId: target.id, scopeType: row.scopeType, scopeId: row.scopeId },
      201,
    );
  })
  .openapi(removeByIdAssignmentsByAssignmentId, async (c) => {
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const role = await findRole(db, workspace.id, c.req.param('id'));
    const id = c.req.param('assignmentId');
    const [row] = await db
      .select()
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.id, id),
          eq(roleAssignments.roleId, role.id),
          eq(roleAssignments.workspaceId, workspace.id),
        ),
      );
    if (!row) throw new ApiError('not_found', `assignment \`${id}\` not found`);
    assertManages(actor, reach, await findPerson(db, workspace.id, row.personId));
    const now = Date.now();
    await writeWithTuples(
      c.get('store'),
      workspace.storeId,
      [
        db.delete(roleAssignments).where(eq(roleAssignments.id, id)),
        activityInsert(
          db,
          {
            workspaceId: workspace.id,
            actorId: actor.id,
            action: 'role_unassigned',
            subject: `person:${row.personId}`,
            before: {
              assignmentId: id,
              roleId: role.id,
              roleName: role.name,
              scopeType: row.scopeType,
              scopeId: row.scopeId,
            },
          },
          now,
        ),
      ],
      { writes: [], deletes: assignmentTuples(workspace.id, row) },
      now,
    );
    return c.body(null, 204);
  });

async function assertNameFree(db: Db, workspaceId: string, name: string): Promise<void> {
  const [clash] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.name, name)));
  if (clash) throw new ApiError('conflict', `a role named \`${name}\` already exists`);
}
