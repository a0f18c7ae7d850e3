/**
 * Roles as data (R10, R11): a row, and its ticked boxes as `role:R#perm@user:*` tuples.
 */
import { and, eq, sql } from 'drizzle-orm';
import { people, outlets, roleAssignments, roles, type ScopeType } from '../../db/identity/schema.ts';
import { artists, events } from '../../db/touring/schema.ts';
import { rolePermissionsQuery } from '../../db/authz/workspace-reads.ts';
import type { Db } from '../../db/store.ts';
import { collaboration, isPermissionKey, type PermissionKey } from '../../model/catalogue.ts';
import { ApiError } from '../errors.ts';

export type RoleRow = typeof roles.$inferSelect;

/** Every role's permissions in the store, by role id (one query). */
export async function rolePermissions(db: Db, storeId: string): Promise<Map<string, PermissionKey[]>> {
  return permissionsByRole(await rolePermissionsQuery(db, storeId));
}

export function permissionsByRole(rows: { roleId: string; relation: string }[]): Map<string, PermissionKey[]> {
  const out = new Map<string, PermissionKey[]>();
  for (const r of rows) if (isPermissionKey(r.relation)) out.set(r.roleId, [...(out.get(r.roleId) ?? []), r.relation]);
  return out;
}

export async function findRole(db: Db, workspaceId: string, id: string): Promise<RoleRow> {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), eq(roles.workspaceId, workspaceId)));
  if (!row) throw new ApiError('not_found', `role \`${id}\` not found`);
  return row;
}

/** The people holding a role (for R10's refusal to delete a role in use). */
export function holdersOf(db: Db, roleId: string) {
  return db
    .selectDistinct({ id: people.id, name: people.name })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(eq(roleAssignments.roleId, roleId));
}

export function holderCounts(db: Db, workspaceId: string) {
  return db
    .select({ roleId: roleAssignments.roleId, holders: sql<number>`count(DISTINCT ${roleAssignments.personId})` })
    .from(roleAssignments)
    .where(eq(roleAssignments.workspaceId, workspaceId))
    .groupBy(roleAssignments.roleId);
}

export function roleView(role: RoleRow, permissions: readonly PermissionKey[]) {
  const sorted = [...permissions].sort();
  return {
    id: role.id,
    name: role.name,
    predefined: role.predefined,
    revision: role.revision,
    permissions: sorted,
    collaboration: collaboration(sorted),
  };
}

/** The scope must be a record of this workspace (R1). */
export async function requireScope(db: Db, workspaceId: string, type: ScopeType, id: string): Promise<void> {
  const table = { outlet: outlets, artist: artists, event: events } as const;
  if (type === 'workspace') {
    if (id !== workspaceId) throw new ApiError('not_found', `workspace \`${id}\` not found`);
    return;
  }
  const t = table[type];
  const [row] = await db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.id, id), eq(t.workspaceId, workspaceId)));
  if (!row) throw new ApiError('not_found', `${type} \`${id}\` not found`);
}
