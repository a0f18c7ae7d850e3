import { Hono } from 'hono';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roleAssignments, roles, SCOPE_TYPES } from '../../../db/workspace-schema.ts';
import { invitations } from '../../../db/people-schema.ts';
import { PERMISSION_KEYS, type PermissionKey } from '../../../model/catalogue.ts';
import { assignmentTuples, roleTuples, rolePermissionTuples } from '../../../model/tuples.ts';
import { ApiError } from '../../errors.ts';
import { readJson } from '../../middleware/json-body.ts';
import { newId } from '../../auth/crypto.ts';
import { readTogether, type Db } from '../../../db/store.ts';
import { workspaceSession, type WorkspaceEnv } from '../../workspace/context.ts';
import { writeWithTuples } from '../../workspace/write.ts';
import { activityInsert } from '../../activity/log.ts';
import { actorOf } from '../../people/actor.ts';
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
  rolePermissionsQuery,
} from '../../people/roles.ts';
import { afterCompareAndSet, conflictWith, etagOf, writeIfCurrent } from '../../workspace/revision.ts';
import { diffTuples } from '../../people/tuples.ts';

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

/**
 * Roles (R10–R12): predefined and custom permission sets. Nobody puts into a role, or hands
 * out, a permission they do not hold (R9); edits are optimistic (ETag / If-Match → 409 with
 * the current state); a role still held is never deleted (409 naming its holders).
 */
export const roleRoutes = new Hono<WorkspaceEnv>()
  .use('*', ...workspaceSession())
  .get('/', async (c) => {
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
    return c.json({
      roles: rows.map((r) => ({ ...roleView(r, perms.get(r.id) ?? []), holders: counts.get(r.id) ?? 0 })),
    });
  })
  .get('/:id', async (c) => {
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
    return c.json({ ...roleView(role, perms), holders });
  })
  .post('/', async (c) => {
    const body = await readJson(c, RoleCreate);
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
  .patch('/:id', async (c) => {
    const body = await readJson(c, RolePatch);
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
      change.writes.map((t) => t.relation),
      `workspace:${workspace.id}`,
    );
    if (body.name && body.name !== role.name) await assertNameFree(db, workspace.id, body.name);
    const now = Date.now();
    const name = body.name ?? role.name;
    // Compare-and-set on the revision this request read (worker/workspace/revision.ts).
    const lost = await writeIfCurrent(
      c,
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
    return c.json(roleView(updated, next));
  })
  .delete('/:id', async (c) => {
    const actor = actorOf(c);
    await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const role = await findRole(db, workspace.id, c.req.param('id'));
    if (role.predefined)
      throw new ApiError('conflict', `\`${role.name}\` is a predefined role: rename or edit it instead`);
    const holders = await holdersOf(db, role.id);
    if (holders.length) {
      throw new ApiError(
        'conflict',
        `role \`${role.name}\` is still held by ${holders.map((h) => h.name).join(', ')}: give them another role first`,
      );
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
  .post('/:id/assignments', async (c) => {
    const body = await readJson(c, Assignment);
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
  .delete('/:id/assignments/:assignmentId', async (c) => {
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
